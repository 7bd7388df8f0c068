namespace IotStack.Firmware.Host.Hal;

/// <summary>MQTT topic-filter matching (MQTT 3.1.1 §4.7): '+' one level, '#' the rest; '$' topics only by name.</summary>
internal static class TopicFilter
{
    public static bool Matches(string filter, string topic)
    {
        if (topic.StartsWith('$') && (filter.StartsWith('+') || filter.StartsWith('#')))
        {
            return false; // §4.7.2: wildcards at the first level do not match $-topics
        }

        int f = 0;
        int t = 0;
        while (f < filter.Length)
        {
            int fEnd = filter.IndexOf('/', f);
            if (fEnd < 0)
            {
                fEnd = filter.Length;
            }

            string level = filter[f..fEnd];
            if (level == "#")
            {
                return true;
            }

            if (t > topic.Length)
            {
                return false;
            }

            int tEnd = topic.IndexOf('/', t);
            if (tEnd < 0)
            {
                tEnd = topic.Length;
            }

            if (level != "+" && string.CompareOrdinal(filter, f, topic, t, Math.Max(fEnd - f, tEnd - t)) != 0)
            {
                return false;
            }

            f = fEnd + 1;
            t = tEnd + 1;
        }

        return t > topic.Length;
    }
}
