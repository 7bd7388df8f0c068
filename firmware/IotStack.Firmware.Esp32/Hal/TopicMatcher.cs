namespace IotStack.Firmware.Esp32.Hal
{
    /// <summary>MQTT 3.1.1 §4.7 topic-filter matching without allocation: '+' one level, '#' the rest.</summary>
    internal static class TopicMatcher
    {
        public static bool Matches(string filter, string topic)
        {
            int f = 0;
            int t = 0;
            while (f < filter.Length)
            {
                char c = filter[f];
                if (c == '#')
                {
                    return true;
                }

                if (c == '+')
                {
                    while (t < topic.Length && topic[t] != '/')
                    {
                        t++;
                    }

                    f++;
                    continue;
                }

                if (t >= topic.Length || topic[t] != c)
                {
                    return false;
                }

                f++;
                t++;
            }

            return t == topic.Length;
        }
    }
}
