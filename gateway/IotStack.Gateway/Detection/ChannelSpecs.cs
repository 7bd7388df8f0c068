using System.Globalization;
using IotStack.Detection;
using IotStack.Detection.Options;
using IotStack.Gateway.Options;

namespace IotStack.Gateway.Detection;

/// <summary>Builds the detector spec of each channel once from the configured threshold spec (the same numbers boards get).</summary>
internal sealed class ChannelSpecs
{
    private readonly ChannelDetectionSpec?[] _specs = new ChannelDetectionSpec?[256];
    private readonly ChannelThresholdOptions?[] _thresholds = new ChannelThresholdOptions?[256];
    private readonly ChannelDetectionSpec? _fallback;

    public ChannelSpecs(GatewayOptions options)
    {
        foreach (var (key, channel) in options.Channels)
        {
            byte number = byte.Parse(key, NumberStyles.None, CultureInfo.InvariantCulture);
            _thresholds[number] = channel;
            _specs[number] = Build(channel, options.Ingest.StatisticalDetectors);
        }

        _fallback = options.Ingest.StatisticalDetectors ? ChannelDetectionSpec.Default : null;
    }

    /// <summary>Null: the channel is stored but not checked.</summary>
    public ChannelDetectionSpec? SpecFor(byte channel) => _specs[channel] ?? _fallback;

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

    private static ChannelDetectionSpec Build(ChannelThresholdOptions c, bool statistical)
    {
        ChannelDetectionSpec baseSpec = statistical ? ChannelDetectionSpec.Default : new ChannelDetectionSpec();
        return new ChannelDetectionSpec
        {
            RobustZ = baseSpec.RobustZ,
            Ewma = baseSpec.Ewma,
            Cusum = baseSpec.Cusum,
            Seasonal = baseSpec.Seasonal,
            Threshold = c.Min is null && c.Max is null ? null : new ThresholdOptions { Min = c.Min, Max = c.Max },
            RateOfChange = c.MaxRatePerSecond is { } rate ? new RateOfChangeOptions { MaxPerSecond = rate } : null,
            SigmaBand = c.SigmaK is { } k ? new SigmaBandOptions { K = k, Window = c.Window } : null,
            StuckAt = c.StuckSamples > 0 ? new StuckAtOptions { MinRunSamples = c.StuckSamples, Tolerance = c.StuckTolerance } : null,
        };
    }
}
