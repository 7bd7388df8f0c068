using IotStack.Gateway.Storage;

namespace IotStack.Gateway.Api;

/// <summary>Which table serves a chart range: raw only for short ranges, so a year-long chart reads 8760 hourly rows, not millions of samples.</summary>
internal static class SeriesResolutionPolicy
{
    public static readonly TimeSpan MaxRawRange = TimeSpan.FromHours(2);
    public static readonly TimeSpan MaxMinuteRange = TimeSpan.FromDays(7);

    /// <summary>Null when <paramref name="requested"/> is not a known name.</summary>
    public static SeriesResolution? Choose(string? requested, TimeSpan range)
    {
        SeriesResolution auto = range <= MaxRawRange ? SeriesResolution.Raw : range <= MaxMinuteRange ? SeriesResolution.Minute : SeriesResolution.Hour;
        return requested?.ToLowerInvariant() switch
        {
            null or "" or "auto" => auto,
            "raw" => auto == SeriesResolution.Raw ? SeriesResolution.Raw : auto,
            "1m" or "minute" => auto == SeriesResolution.Hour ? SeriesResolution.Hour : SeriesResolution.Minute,
            "1h" or "hour" => SeriesResolution.Hour,
            _ => null,
        };
    }

    public static string Name(SeriesResolution resolution) => resolution switch
    {
        SeriesResolution.Raw => "raw",
        SeriesResolution.Minute => "1m",
        _ => "1h",
    };
}
