namespace IotStack.Gateway.Resilience;

/// <summary>
/// Runs a start-up step of a hosted service (create the schema, load campaigns, connect a helper client) until it
/// succeeds: every failure, whatever its kind, is reported under the stage's dependency name in /health and retried
/// after a capped backoff (<see cref="DependencyRetry.FirstDelay"/> doubling to <see cref="DependencyRetry.MaxDelay"/>).
/// A start-up step that throws out of a hosted service would stop the host; a step that waits keeps it up, Degraded.
/// </summary>
internal static class RetryLoop
{
    public static async Task RunAsync(
        string dependency, DependencyHealth health, TimeProvider time, Func<CancellationToken, Task> work, Action<Exception, TimeSpan> onFailed, CancellationToken cancellationToken)
    {
        TimeSpan delay = DependencyRetry.FirstDelay;
        while (true)
        {
            try
            {
                await work(cancellationToken).ConfigureAwait(false);
                health.Succeeded(dependency);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                health.Failed(dependency, FailureClassifier.Describe(ex));
                onFailed(ex, delay);
            }

            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            delay = delay * 2 < DependencyRetry.MaxDelay ? delay * 2 : DependencyRetry.MaxDelay;
        }
    }
}
