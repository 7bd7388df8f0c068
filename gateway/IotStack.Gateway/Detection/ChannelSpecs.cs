using System.Globalization;
using IotStack.Detection;
using IotStack.Detection.Options;
using IotStack.Gateway.Options;

namespace IotStack.Gateway.Detection;

/// <summary>
/// Builds each channel's detector specs once. Two sets run per series: the configured limits (threshold, rate,
/// stuck-at, optional sigma band: the same numbers boards get), which signal on every breaching sample so a
/// limit alert stays open while the breach lasts; and, unless turned off, the statistical ensemble the NAB tool
/// scores (<see cref="ChannelDetectionSpec.Default"/>), which alerts once per episode.
/// </summary>
internal sealed class ChannelSpecs
{
    private readonly ChannelDetectionSpec?[] _limits = new ChannelDetectionSpec?[256];
    private readonly ChannelThresholdOptions?[] _thresholds = new ChannelThresholdOptions?[256];
    private readonly ChannelDetectionSpec? _statistical;

    public ChannelSpecs(GatewayOptions options)
    {
        foreach (var (key, channel) in options.Channels)
        {
            byte number = byte.Parse(key, NumberStyles.None, CultureInfo.InvariantCulture);
            _thresholds[number] = channel;
            _limits[number] = Limits(channel);
        }

        // Stuck-at is a sensor-health limit configured per channel (StuckSamples), not part of the episode logic.
        _statistical = options.Ingest.StatisticalDetectors ? ChannelDetectionSpec.Default with { StuckAt = null } : null;
    }

    /// <summary>Null: the channel has no configured limits.</summary>
    public ChannelDetectionSpec? LimitsFor(byte channel) => _limits[channel];

    /// <summary>Null: statistical detection is off (<see cref="IngestOptions.StatisticalDetectors"/>).</summary>
    public ChannelDetectionSpec? Statistical => _statistical;

    public ChannelThresholdOptions? ThresholdsFor(byte channel) => _thresholds[channel];

    public IEnumerable<(byte Channel, ChannelThresholdOptions Thresholds)> Configured()
    {
        for (int c = 1; c < _thresholds.Length; c++)
        {
            if (_thresholds[c] is { } t)
            {
                yield return ((byte)c, t);
            }
        }
    }

    private static ChannelDetectionSpec? Limits(ChannelThresholdOptions c)
    {
        var spec = new ChannelDetectionSpec
        {
            Threshold = c.Min is null && c.Max is null ? null : new ThresholdOptions { Min = c.Min, Max = c.Max },
            RateOfChange = c.MaxRatePerSecond is { } rate ? new RateOfChangeOptions { MaxPerSecond = rate } : null,
            SigmaBand = c.SigmaK is { } k ? new SigmaBandOptions { K = k, Window = c.Window } : null,
            StuckAt = c.StuckSamples > 0 ? new StuckAtOptions { MinRunSamples = c.StuckSamples, Tolerance = c.StuckTolerance } : null,
        };
        return spec.Threshold is null && spec.RateOfChange is null && spec.SigmaBand is null && spec.StuckAt is null ? null : spec;
    }
}
