using IotStack.Gateway.Alerts;
using IotStack.Gateway.Broker;
using IotStack.Gateway.Broker.Access;
using IotStack.Gateway.Detection;
using IotStack.Gateway.Devices;
using IotStack.Gateway.Ingest;
using IotStack.Gateway.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IotStack.Gateway.Cluster;

/// <summary>
/// What owning a partition means for this gateway (docs/scale.md, "Device ownership"). Taking one: the devices' active
/// alerts and records come from the store, stale detector state is dropped (each series restores its newest checkpoint
/// at its next sample), then the partition's MQTT session starts delivering. Handing one over: the session stops first,
/// everything already taken is stored, acknowledged and scored, the detector state is checkpointed and the devices'
/// alerts and records are saved, then they are forgotten here. Losing one (the lock connection died): the session
/// stops and the state is dropped unsaved, since the next owner may be writing it already.
/// </summary>
internal sealed class OwnedPartitions(
    IngestQueue queue, BrokerEndpoint endpoint, GatewayMqttCredentials credentials, IngestWriter writer, DetectionStage stage,
    DetectorCheckpoints checkpoints, SeriesRegistry series, AlertEngine alerts, DeviceMonitor monitor, PartitionEpochs epochs, IngressDrain drain, IOptions<GatewayOptions> options,
    TimeProvider time, ILogger<PartitionSession> sessionLogger) : IPartitionHandler, IAsyncDisposable
{
    private readonly int _partitions = options.Value.Cluster.Partitions;
    private readonly Dictionary<int, PartitionSession> _sessions = new();
    private readonly Lock _sync = new();

    /// <summary>The partitions whose MQTT session is connected now.</summary>
    public int Connected
    {
        get
        {
            lock (_sync)
            {
                return _sessions.Values.Count(s => s.IsConnected);
            }
        }
    }

    public async Task AcquiredAsync(int partition, long epoch, CancellationToken cancellationToken)
    {
        Func<string, bool> owned = Picks(partition);
        series.Forget(owned);
        epochs.Owned(partition, epoch);
        await alerts.AdoptAsync(owned, cancellationToken).ConfigureAwait(false);
        await monitor.AdoptAsync(owned, cancellationToken).ConfigureAwait(false);
        BrokerConnection broker = await endpoint.WaitConnectionAsync(cancellationToken).ConfigureAwait(false);
        var session = new PartitionSession(partition, queue, broker, options.Value.Broker, credentials, time, sessionLogger);
        try
        {
            await session.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        lock (_sync)
        {
            _sessions[partition] = session;
        }
    }

    public async Task ReleasingAsync(int partition, CancellationToken cancellationToken)
    {
        await StopSessionAsync(partition).ConfigureAwait(false);
        Func<string, bool> owned = Picks(partition);
        // What the session delivered before it stopped is this gateway's to finish: stored, acknowledged, scored.
        await writer.WaitIdleAsync(cancellationToken).ConfigureAwait(false);
        await stage.DrainAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await checkpoints.HandOverAsync(owned, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            epochs.Gone(partition);
        }

        await alerts.ReleaseAsync(owned, save: true, cancellationToken).ConfigureAwait(false);
        await monitor.ReleaseAsync(owned, save: true, cancellationToken).ConfigureAwait(false);
    }

    public async Task LostAsync(int partition)
    {
        epochs.Gone(partition);
        await StopSessionAsync(partition).ConfigureAwait(false);
        Func<string, bool> owned = Picks(partition);
        series.Forget(owned);
        await alerts.ReleaseAsync(owned, save: false, CancellationToken.None).ConfigureAwait(false);
        await monitor.ReleaseAsync(owned, save: false, CancellationToken.None).ConfigureAwait(false);
    }

    public Task<bool> DrainSessionAsync(string clientId, CancellationToken cancellationToken) => drain.DrainAsync(clientId, cancellationToken);

    private Func<string, bool> Picks(int partition) => deviceId => DevicePartition.Of(deviceId, _partitions) == partition;

    private async Task StopSessionAsync(int partition)
    {
        PartitionSession? session;
        lock (_sync)
        {
            _sessions.Remove(partition, out session);
        }

        if (session is not null)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        PartitionSession[] sessions;
        lock (_sync)
        {
            sessions = [.. _sessions.Values];
            _sessions.Clear();
        }

        foreach (PartitionSession session in sessions)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }
}
