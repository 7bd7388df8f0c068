using IotStack.Gateway.Alerts;
using IotStack.Gateway.Detection;
using IotStack.Gateway.Metrics;
using IotStack.Gateway.Options;
using IotStack.Gateway.Storage;

namespace IotStack.Gateway.Tests.Detection;

public sealed class SeriesRegistryTests
{
    private const byte Limited = 1;    // configured: Max 30
    private const byte Unlimited = 2;  // no limits configured

    [Fact]
    public void Observe_SpikeOnAChannelWithoutLimits_RaisedByTheStatisticalEnsemble()
    {
        List<AlertSignal> signals = Run(statistical: true, spikeChannel: Unlimited);

        AlertSignal signal = Assert.Single(signals);
        Assert.Equal((Unlimited, 45.0), (signal.Channel, signal.Value));
        Assert.Equal(AlertSeverity.Warning, signal.Severity);
        Assert.Equal(AlertRules.NewExtreme, signal.Rule);
        Assert.Contains("value 45 lies where the series has rarely been", signal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Observe_SpikePastAConfiguredLimit_OnlyTheLimitAlertIsRaised()
    {
        List<AlertSignal> signals = Run(statistical: true, spikeChannel: Limited);

        AlertSignal signal = Assert.Single(signals);
        Assert.Equal((AlertRules.AboveMax, Limited), (signal.Rule, signal.Channel));
    }

    [Fact]
    public void Observe_StatisticalDetectorsOff_OnlyLimitsSpeak()
    {
        Assert.Empty(Run(statistical: false, spikeChannel: Unlimited));
        Assert.Equal(AlertRules.AboveMax, Assert.Single(Run(statistical: false, spikeChannel: Limited)).Rule);
    }

    [Fact]
    public void Observe_LimitBreachLastingSeveralSamples_SignalsEverySampleSoTheAlertStaysOpen()
    {
        var registry = Registry(statistical: true);
        var samples = new List<SampleRow>();
        var random = new Random(3);
        for (int i = 0; i < 300; i++)
        {
            samples.Add(new SampleRow("d1", Limited, i * 1000L, (float)(20 + random.NextDouble())));
        }

        for (int i = 300; i < 310; i++)
        {
            samples.Add(new SampleRow("d1", Limited, i * 1000L, 35));
        }

        var signals = new List<AlertSignal>();
        registry.Observe(samples, signals);

        // The ensemble's one-alert-per-episode must not silence a limit: the alert engine clears a quiet condition.
        Assert.Equal(10, signals.Count(s => s.Rule == AlertRules.AboveMax));
    }

    [Fact]
    public void Observe_LongCleanNoise_NoAlert()
    {
        // Rarity still ranks a few samples of any series as rare, but operator alerts come only from rules with a
        // bounded false-alarm rate (DetectionResult.IsAlert): clean noise raises nothing.
        SeriesRegistry registry = Registry(statistical: true);
        var samples = new List<SampleRow>();
        var random = new Random(1);
        for (int i = 0; i < 20_000; i++)
        {
            double gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            samples.Add(new SampleRow("d1", Unlimited, i * 1000L, (float)(20 + gaussian)));
        }

        var signals = new List<AlertSignal>();
        registry.Observe(samples, signals);

        Assert.Empty(signals);
    }

    [Fact]
    public void Observe_LevelStepOnAChannelWithoutLimits_OneLevelShiftAlertSayingWhereItWent()
    {
        SeriesRegistry registry = Registry(statistical: true);
        var samples = new List<SampleRow>();
        var random = new Random(2);
        for (int i = 0; i < 3000; i++)
        {
            double gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            samples.Add(new SampleRow("d1", Unlimited, i * 1000L, (float)((i < 2000 ? 0.215 : 0.367) + (0.05 * gaussian))));
        }

        var signals = new List<AlertSignal>();
        registry.Observe(samples, signals);

        AlertSignal signal = Assert.Single(signals);
        Assert.Equal((AlertRules.LevelShift, AlertSeverity.Warning), (signal.Rule, signal.Severity));
        Assert.Contains("level moved from 0.21", signal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Observe_StuckSeriesMovesAgain_OneClearingSignalAndNoneForReplayedOrStuckSamples()
    {
        SeriesRegistry registry = Registry(statistical: true);
        var random = new Random(5);
        var before = new List<SampleRow>();
        for (int i = 0; i < 300; i++)
        {
            before.Add(new SampleRow("d1", Limited, i * 1000L, (float)(20 + random.NextDouble())));
        }

        for (int i = 300; i < 380; i++)
        {
            before.Add(new SampleRow("d1", Limited, i * 1000L, 22));
        }

        var signals = new List<AlertSignal>();
        registry.Observe(before, signals);
        Assert.Contains(signals, s => s.Rule == AlertRules.SensorStuck && !s.Clears);
        Assert.DoesNotContain(signals, s => s.Clears);

        // Replayed samples from before the stuck run (a board's stored batches after an outage) prove nothing.
        signals.Clear();
        registry.Observe([new SampleRow("d1", Limited, 100_000, 20.3f), new SampleRow("d1", Limited, 101_000, 20.9f)], signals);
        Assert.DoesNotContain(signals, s => s.Rule == AlertRules.SensorStuck);

        // The sensor answers again with moving values: the stuck condition has ended, once.
        signals.Clear();
        registry.Observe([new SampleRow("d1", Limited, 400_000, 20.4f), new SampleRow("d1", Limited, 401_000, 20.8f)], signals);
        AlertSignal clear = Assert.Single(signals, s => s.Rule == AlertRules.SensorStuck);
        Assert.True(clear.Clears);
        Assert.Equal(Limited, clear.Channel);
    }

    private static List<AlertSignal> Run(bool statistical, byte spikeChannel)
    {
        SeriesRegistry registry = Registry(statistical);
        var samples = new List<SampleRow>();
        var random = new Random(11);
        for (int i = 0; i < 300; i++)
        {
            samples.Add(new SampleRow("d1", Limited, i * 1000L, (float)(20 + random.NextDouble())));
            samples.Add(new SampleRow("d1", Unlimited, i * 1000L, (float)(20 + random.NextDouble())));
        }

        samples.Add(new SampleRow("d1", spikeChannel, 300_000, 45));
        samples.Add(new SampleRow("d1", spikeChannel == Limited ? Unlimited : Limited, 300_000, 20.5f));
        var signals = new List<AlertSignal>();
        registry.Observe(samples, signals);
        return signals;
    }

    private static SeriesRegistry Registry(bool statistical) => new(
        Microsoft.Extensions.Options.Options.Create(new GatewayOptions
        {
            Ingest = new IngestOptions { StatisticalDetectors = statistical },
            Channels = { ["1"] = new ChannelThresholdOptions { Max = 30 } },
        }),
        new GatewayMetrics());
}
