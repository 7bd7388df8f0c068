using Microsoft.Extensions.Hosting;

namespace IotStack.Gateway.Cluster;

/// <summary>One gateway on its own (SQLite storage): it always leads, for the life of the process.</summary>
internal sealed class SingleBoxLeadership(string name) : ILeadership, IHostedService
{
    public bool IsLeader => true;

    public string Name => name;

    public string? Leader => name;

    public Task<CancellationToken> WaitForTermAsync(CancellationToken cancellationToken) => Task.FromResult(CancellationToken.None);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
