using System.Globalization;

namespace IotStack.Nab.Corpus;

/// <summary>NAB timestamps ("2014-04-01 00:00:00", labels add ".000000"), no zone: read as UTC.</summary>
internal static class NabTimestamp
{
    private static readonly string[] Formats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF"];

    public static bool TryParseMs(string text, out long unixMs)
    {
        if (DateTime.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTime parsed))
        {
            unixMs = (parsed - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMillisecond;
            return true;
        }

        unixMs = 0;
        return false;
    }
}
