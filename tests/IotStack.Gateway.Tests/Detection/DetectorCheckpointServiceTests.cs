using IotStack.Gateway.Alerts;
using IotStack.Gateway.Detection;
using IotStack.Gateway.Storage;
using IotStack.Gateway.Tests.Support;
using IotStack.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace IotStack.Gateway.Tests.Detection;

/// <summary>A gateway host stopped mid-series and started again on the same SQLite store: the series resumes, it does not warm up.</summary>
public sealed class DetectorCheckpointServiceTests
{
    private const int PerBatch = 50;

    [Fact]
    public async Task Gateway_RestartedMidSeries_ResumesWithoutWarmUpAndAlertsAShiftAtOnce()
    {
        using var dir = new TempDirectory();
        string fleet = "ckpt" + Guid.NewGuid().ToString("N")[..6];
        var settings = new Dictionary<string, string?>
        {
            ["IotStack:Broker:Mode"] = "Embedded",
            ["IotStack:Storage:SqlitePath"] = dir.File("gw.db"),
            // Only the graceful stop writes checkpoints in this test.
            ["IotStack:Detection:CheckpointInterval"] = "01:00:00",
        };
        long t0 = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - 3_600_000;
        var random = new Random(5);

        await using (TestGateway first = await TestGateway.StartAsync(settings))
        {
            await first.WaitConnectedAsync();
            await using TestPublisher publisher = await first.PublisherAsync();
            for (uint b = 0; b < 20; b++)
            {
                await publisher.PublishAsync(new DeviceTopics(fleet, "c1").Telemetry, Batch(b + 1, t0 + (b * PerBatch * 1000L), 21, random));
            }

            SeriesRegistry series = first.App.Services.GetRequiredService<SeriesRegistry>();
            await Eventually.TrueAsync(() => Task.FromResult(series.Find("c1", Channel.Temperature)?.Samples == 1000), "1,000 samples scored");
            Assert.Empty(await StatisticalAlertsAsync(first.Store));
        }

        // Stopped gracefully: the stop wrote the series' checkpoint.
        await using (var store = new SqliteGatewayStore(dir.File("gw.db")))
        {
            DetectorStateRow row = Assert.Single(await store.ReadDetectorStatesAsync(fleet, "c1", CancellationToken.None), r => r.Channel == Channel.Temperature);
            Assert.Equal(1000, row.Samples);
            Assert.NotNull(row.Statistical);
        }

        await using TestGateway second = await TestGateway.StartAsync(settings);
        await second.WaitConnectedAsync();
        await using (TestPublisher publisher = await second.PublisherAsync())
        {
            // Ten standard deviations up, right after the restart: a fresh series would take these as its normal level.
            for (uint b = 20; b < 23; b++)
            {
                await publisher.PublishAsync(new DeviceTopics(fleet, "c1").Telemetry, Batch(b + 1, t0 + (b * PerBatch * 1000L), 23, random));
            }
        }

        SeriesRegistry resumed = second.App.Services.GetRequiredService<SeriesRegistry>();
        await Eventually.TrueAsync(() => Task.FromResult(resumed.Find("c1", Channel.Temperature)?.Samples == 1150), "the series counts on from its checkpoint");
        await Eventually.TrueAsync(async () => (await StatisticalAlertsAsync(second.Store)).Count > 0, "the shift alerted");
        Assert.Equal((1, 0), (second.Metrics.CheckpointsRestored, second.Metrics.CheckpointsRefused));
    }

    private static async Task<List<AlertRecord>> StatisticalAlertsAsync(IGatewayStore store) =>
        (await store.ReadAlertsAsync(new AlertQuery(DeviceId: "c1"), CancellationToken.None))
            .Where(a => a.Rule is AlertRules.LevelShift or AlertRules.NewExtreme)
            .ToList();

    private static byte[] Batch(uint sequence, long fromMs, double level, Random random)
    {
        var batch = new TelemetryBatch { Sequence = sequence };
        for (int i = 0; i < PerBatch; i++)
        {
            double gaussian = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
            batch.Add(Channel.Temperature, fromMs + (i * 1000L), (float)(level + (0.2 * gaussian)));
        }

        var buffer = new byte[batch.FrameLength];
        batch.WriteTo(buffer, 0);
        return buffer;
    }
}
