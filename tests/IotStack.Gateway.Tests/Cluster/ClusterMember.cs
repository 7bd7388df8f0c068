using IotStack.Gateway.Cluster;
using IotStack.Gateway.Options;
using Microsoft.Extensions.Logging.Abstractions;

namespace IotStack.Gateway.Tests.Cluster;

/// <summary>One gateway's leadership service on a test database, started and stopped like the host would.</summary>
internal sealed class ClusterMember : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();

    public ClusterMember(string connectionString, string name)
    {
        Options = new ClusterOptions { Name = name, PollInterval = TimeSpan.FromMilliseconds(200), CheckInterval = TimeSpan.FromMilliseconds(200) };
        Leadership = new PostgresLeadership(connectionString, Options, TimeProvider.System, NullLogger<PostgresLeadership>.Instance);
    }

    public ClusterOptions Options { get; }

    public PostgresLeadership Leadership { get; }

    public string Name => Leadership.Name;

    /// <summary>What the server calls this member's lock session (<c>application_name</c>).</summary>
    public string SessionName => "iotstack-leader:" + Name;

    public Task StartAsync() => Leadership.StartAsync(_stop.Token);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Leadership.StopAsync(CancellationToken.None);
        Leadership.Dispose();
        _stop.Dispose();
    }
}
