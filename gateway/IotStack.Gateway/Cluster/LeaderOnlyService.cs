using Microsoft.Extensions.Hosting;

namespace IotStack.Gateway.Cluster;

/// <summary>
/// Runs a hosted service only while this gateway leads: a fresh instance per term, started when the term begins and
/// stopped when it ends (host log tails: two gateways tailing one file would store every line twice).
/// </summary>
internal sealed class LeaderOnlyService(ILeadership leadership, Func<IHostedService> create) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => leadership.RunWhileLeadingAsync(async term =>
    {
        IHostedService service = create();
        await service.StartAsync(term).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, term).ConfigureAwait(false);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None).ConfigureAwait(false);
            (service as IDisposable)?.Dispose();
        }
    }, stoppingToken);
}
