namespace IotStack.Gateway.Cluster;

internal static class LeadershipExtensions
{
    /// <summary>
    /// Runs <paramref name="work"/> for each term this gateway leads, with a token cancelled when the term ends or the
    /// host stops, until <paramref name="stoppingToken"/>. Work that ends or fails by itself within a term is not restarted
    /// before the next term: it reports its own failures and retries inside.
    /// </summary>
    public static async Task RunWhileLeadingAsync(this ILeadership leadership, Func<CancellationToken, Task> work, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(leadership);
        ArgumentNullException.ThrowIfNull(work);
        while (!stoppingToken.IsCancellationRequested)
        {
            CancellationToken term;
            try
            {
                term = await leadership.WaitForTermAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            if (term.IsCancellationRequested)
            {
                await Task.Yield(); // a term that ended before we saw it
                continue;
            }

            using var both = CancellationTokenSource.CreateLinkedTokenSource(term, stoppingToken);
            try
            {
                await work(both.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (both.IsCancellationRequested)
            {
            }

            if (!term.CanBeCanceled)
            {
                return; // single box: one term, for the life of the process
            }

            // Work that returned early waits for its term to end before the next one can start it again.
            try
            {
                await Task.Delay(Timeout.Infinite, both.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
