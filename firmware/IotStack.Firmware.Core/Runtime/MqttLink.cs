using IotStack.Firmware.Hal;

namespace IotStack.Firmware.Runtime
{
    /// <summary>
    /// Keeps the broker connection: reconnects with exponential backoff (1 s doubling to 60 s) on the
    /// uptime clock, never blocking beyond one bounded Connect call, and reports the moment a
    /// connection comes up so the runtime can subscribe and announce itself.
    /// Every wait is jittered ("equal jitter": half the backoff plus a board-specific part of the other half, and up to
    /// <see cref="LossSpreadMs"/> before the first retry after a loss). A broker restart drops a whole fleet at once, and
    /// boards retrying in step overflow its accept queue (Mosquitto's listen backlog is 100), so the handshakes the kernel
    /// drops cost those boards a full connect timeout. The spread comes from the client id, so boards differ without an RNG.
    /// </summary>
    internal sealed class MqttLink
    {
        public const int MinBackoffMs = 1000;
        public const int MaxBackoffMs = 60000;
        public const int LossSpreadMs = 2000;

        private readonly IMqttTransport transport;
        private readonly string clientId;
        private readonly string willTopic;
        private readonly byte[] will;
        private readonly int willLength;
        private long nextAttemptMs;
        private int backoffMs = MinBackoffMs;
        private bool wasConnected;
        private uint spread;

        public MqttLink(IMqttTransport transport, string clientId, string willTopic, byte[] will, int willLength)
        {
            this.transport = transport;
            this.clientId = clientId;
            this.willTopic = willTopic;
            this.will = will;
            this.willLength = willLength;

            // FNV-1a of the client id: a start that differs from board to board.
            spread = 2166136261;
            for (int i = 0; i < clientId.Length; i++)
            {
                spread = unchecked((spread ^ clientId[i]) * 16777619);
            }
        }

        public bool IsConnected
        {
            get { return transport.IsConnected; }
        }

        /// <summary>Set by <see cref="Maintain"/> when a connection that was up has dropped.</summary>
        public bool JustLost { get; private set; }

        /// <summary>Tries to (re)connect when due; true exactly when a new connection came up in this call.</summary>
        public bool Maintain(long uptimeMs)
        {
            JustLost = false;
            if (transport.IsConnected)
            {
                return false;
            }

            if (wasConnected)
            {
                wasConnected = false;
                JustLost = true;
                nextAttemptMs = uptimeMs + Jitter(LossSpreadMs);
            }

            if (uptimeMs < nextAttemptMs)
            {
                return false;
            }

            if (transport.Connect(clientId, willTopic, will, willLength))
            {
                backoffMs = MinBackoffMs;
                wasConnected = true;
                return true;
            }

            nextAttemptMs = uptimeMs + (backoffMs / 2) + Jitter(backoffMs / 2);
            backoffMs = backoffMs >= MaxBackoffMs / 2 ? MaxBackoffMs : backoffMs * 2;
            return false;
        }

        /// <summary>A board-specific value in [0, range); the next call gives another (a xorshift step).</summary>
        private int Jitter(int range)
        {
            spread ^= spread << 13;
            spread ^= spread >> 17;
            spread ^= spread << 5;
            return range <= 0 ? 0 : (int)(spread % (uint)range);
        }

        public void Disconnect()
        {
            transport.Disconnect();
            wasConnected = false;
        }
    }
}
