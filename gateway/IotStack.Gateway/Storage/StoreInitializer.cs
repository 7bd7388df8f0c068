using IotStack.Gateway.Alerts;
using Microsoft.Extensions.Hosting;

namespace IotStack.Gateway.Storage;

/// <summary>First hosted service: the schema exists and active alerts are loaded before any message is taken.</summary>
internal sealed class StoreInitializer(IGatewayStore store, AlertEngine alerts) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await alerts.LoadAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
