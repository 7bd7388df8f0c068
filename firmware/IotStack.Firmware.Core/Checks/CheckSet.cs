namespace IotStack.Firmware.Checks
{
    /// <summary>The checks of every channel, indexed by Protocol channel number (1..<see cref="MaxChannel"/>).</summary>
    internal sealed class CheckSet
    {
        /// <summary>Channel numbers a board can carry; settings and checks keep one slot per number.</summary>
        public const int MaxChannel = 7;

        private readonly ChannelCheck[] checks = new ChannelCheck[MaxChannel + 1];

        public CheckSet()
        {
            for (int c = 1; c <= MaxChannel; c++)
            {
                checks[c] = new ChannelCheck((byte)c);
            }
        }

        public static bool IsValidChannel(int channel)
        {
            return channel >= 1 && channel <= MaxChannel;
        }

        /// <summary>The check of a channel, or null for a number outside 1..<see cref="MaxChannel"/>.</summary>
        public ChannelCheck For(int channel)
        {
            return IsValidChannel(channel) ? checks[channel] : null;
        }
    }
}
