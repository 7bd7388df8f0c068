using IotStack.Gateway.Tests.Support;
using IotStack.Protocol;

namespace IotStack.Gateway.Tests.Ingest;

/// <summary>Hostile payloads through the embedded broker: quarantined with a reason, good telemetry keeps flowing.</summary>
public sealed class QuarantineTests
{
    [Fact]
    public async Task Ingest_HostilePayloadsBetweenGoodOnes_QuarantinedAndGoodStored()
    {
        using var dir = new TempDirectory();
        await using TestGateway gateway = await TestGateway.StartAsync(new()
        {
            ["IotStack:Broker:Mode"] = "Embedded",
            ["IotStack:Storage:SqlitePath"] = dir.File("q.db"),
        });
        await gateway.WaitConnectedAsync();
        await using TestPublisher publisher = await gateway.PublisherAsync();
        var topics = new DeviceTopics("q", "dev");
        byte[] good = Frames.Telemetry(1, 1_700_000_000_000);
        byte[] badCrc = (byte[])good.Clone();
        badCrc[^1] ^= 0xFF;
        byte[][] hostile =
        [
            [],
            [1, 2, 3],
            badCrc,
            good[..^3],
            new byte[20_000],
            Frames.Status(DeviceState.Online),
            [9, 1, 0, 0, 0, 0, 0, 0],
        ];

        for (int i = 0; i < 50; i++)
        {
            await publisher.PublishAsync(topics.Telemetry, Frames.Telemetry((uint)(i + 1), 1_700_000_000_000 + (i * 1000L)));
            await publisher.PublishAsync(topics.Telemetry, hostile[i % hostile.Length]);
        }

        await Eventually.TrueAsync(async () => (await gateway.Store.ReadSequencesAsync("dev", CancellationToken.None)).Count == 50, "all good batches stored");
        await Eventually.TrueAsync(() => Task.FromResult(gateway.Metrics.Quarantined == 50), "every hostile payload quarantined");
        var entries = await gateway.Store.ReadQuarantineAsync(100, CancellationToken.None);
        Assert.Equal(50, entries.Count);
        Assert.Contains(entries, e => e.Reason == DecodeStatus.BadChecksum);
        Assert.Contains(entries, e => e.Reason == DecodeStatus.Truncated);
        Assert.Contains(entries, e => e.Reason == DecodeStatus.Oversize && e.Payload.Length <= 512);
        Assert.Contains(entries, e => e.Reason == DecodeStatus.WrongType);
        Assert.Contains(entries, e => e.Reason == DecodeStatus.WrongVersion);
        Assert.All(entries, e => Assert.Equal(topics.Telemetry, e.Topic));
    }
}
