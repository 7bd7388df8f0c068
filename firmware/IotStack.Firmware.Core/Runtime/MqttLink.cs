using IotStack.Firmware.Hal;

namespace IotStack.Firmware.Runtime
{
    /// <summary>
    /// Keeps the broker connection: reconnects with exponential backoff (1 s doubling to 60 s) on the
    /// uptime clock, never blocking beyond one bounded Connect call, and reports the moment a
    /// connection comes up so the runtime can subscribe and announce itself.
    /// </summary>
    internal sealed class MqttLink
    {
        public const int MinBackoffMs = 1000;
        public const int MaxBackoffMs = 60000;

        private readonly IMqttTransport transport;
        private readonly string clientId;
        private readonly string willTopic;
        private readonly byte[] will;
        private readonly int willLength;
        private long nextAttemptMs;
        private int backoffMs = MinBackoffMs;
        private bool wasConnected;

        public MqttLink(IMqttTransport transport, string clientId, string willTopic, byte[] will, int willLength)
        {
            this.transport = transport;
            this.clientId = clientId;
            this.willTopic = willTopic;
            this.will = will;
            this.willLength = willLength;
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
                nextAttemptMs = uptimeMs;
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

            nextAttemptMs = uptimeMs + backoffMs;
            backoffMs = backoffMs >= MaxBackoffMs / 2 ? MaxBackoffMs : backoffMs * 2;
            return false;
        }

        public void Disconnect()
        {
            transport.Disconnect();
            wasConnected = false;
        }
    }
}
