using System.Collections.Concurrent;
using IotStack.Gateway.Cluster;
using IotStack.Gateway.Options;
using Microsoft.Extensions.Logging.Abstractions;

namespace IotStack.Gateway.Tests.Cluster;

/// <summary>
/// One gateway's partition ownership on a test database, with a handler that records what it was told, so tests see
/// the hand-over protocol (acquired, released in order, lost) and can check no partition is held by two at once.
/// </summary>
internal sealed class OwnershipMember : IPartitionHandler, IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, bool> _holding = new();
    private bool _stopped;

    public OwnershipMember(string connectionString, string name, int partitions)
    {
        Options = new ClusterOptions { Name = name, Partitions = partitions, PollInterval = TimeSpan.FromMilliseconds(200), CheckInterval = TimeSpan.FromMilliseconds(200) };
        Ownership = new PartitionOwnership(connectionString, Options, this, TimeProvider.System, NullLogger<PartitionOwnership>.Instance);
    }

    public ClusterOptions Options { get; }

    public PartitionOwnership Ownership { get; }

    public string SessionName => PartitionOwnership.SessionPrefix + Options.Name;

    /// <summary>What the handler was told, in order: "+3" acquired, "-3" released in order, "!3" lost.</summary>
    public ConcurrentQueue<string> Events { get; } = new();

    /// <summary>Partitions the handler believes it holds (acquired and not yet released or lost).</summary>
    public IReadOnlyCollection<int> Holding => _holding.Keys.ToList();

    public Task StartAsync() => Ownership.StartAsync(_stop.Token);

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _stop.CancelAsync();
        await Ownership.StopAsync(CancellationToken.None);
    }

    /// <summary>The fencing token each acquisition came with, in order.</summary>
    public ConcurrentQueue<(int Partition, long Epoch)> Epochs { get; } = new();

    public Task AcquiredAsync(int partition, long epoch, CancellationToken cancellationToken)
    {
        _holding[partition] = true;
        Events.Enqueue("+" + partition);
        Epochs.Enqueue((partition, epoch));
        return Task.CompletedTask;
    }

    public Task ReleasingAsync(int partition, CancellationToken cancellationToken)
    {
        _holding.TryRemove(partition, out _);
        Events.Enqueue("-" + partition);
        return Task.CompletedTask;
    }

    public Task LostAsync(int partition)
    {
        _holding.TryRemove(partition, out _);
        Events.Enqueue("!" + partition);
        return Task.CompletedTask;
    }

    public Task<bool> DrainSessionAsync(string clientId, CancellationToken cancellationToken) => Task.FromResult(true);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Ownership.Dispose();
        _stop.Dispose();
    }
}
