namespace IotStack.Gateway.Broker;

/// <summary>Where the gateway's own MQTT client connects: the configured external broker, or the embedded one once it listens (its port may be picked at start).</summary>
internal sealed class BrokerEndpoint
{
    private readonly TaskCompletionSource<(string Host, int Port)> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set(string host, int port) => _ready.TrySetResult((host, port));

    public Task<(string Host, int Port)> WaitAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    public (string Host, int Port)? Current => _ready.Task.IsCompletedSuccessfully ? _ready.Task.Result : null;
}
