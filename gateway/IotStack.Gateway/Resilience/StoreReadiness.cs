namespace IotStack.Gateway.Resilience;

/// <summary>
/// Opens once the store's schema exists and the active alerts are loaded (<see cref="Storage.StoreInitializer"/>).
/// Stages that write to the store wait for it instead of failing: a gateway started while its database is down runs
/// Degraded, holds the broker's messages unacknowledged, and starts storing when the database comes back.
/// </summary>
internal sealed class StoreReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Already open: for stages built without the initializer (tests, benches).</summary>
    public static StoreReadiness Open { get; } = CreateOpen();

    public bool IsReady => _ready.Task.IsCompleted;

    public void MarkReady() => _ready.TrySetResult();

    public Task WaitAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    private static StoreReadiness CreateOpen()
    {
        var readiness = new StoreReadiness();
        readiness.MarkReady();
        return readiness;
    }
}
