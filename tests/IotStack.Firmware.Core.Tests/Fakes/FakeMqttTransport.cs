using System;
using System.Collections;
using IotStack.Firmware.Hal;

namespace IotStack.Firmware.Tests.Fakes
{
    /// <summary>A broker stand-in: records publishes and subscriptions, lets the test go offline and inject messages.</summary>
    internal sealed class FakeMqttTransport : IMqttTransport
    {
        private readonly ArrayList published = new ArrayList();
        private readonly ArrayList filters = new ArrayList();
        private readonly ArrayList sinks = new ArrayList();
        private bool connected;

        public FakeMqttTransport()
        {
            BrokerReachable = true;
        }

        /// <summary>When false, Connect fails and an open connection drops at the next call.</summary>
        public bool BrokerReachable { get; set; }

        public string WillTopic { get; private set; }

        public byte[] Will { get; private set; }

        public int ConnectCount { get; private set; }

        public bool IsConnected
        {
            get
            {
                if (!BrokerReachable)
                {
                    connected = false;
                }

                return connected;
            }
        }

        public int PublishedCount
        {
            get { return published.Count; }
        }

        public PublishedMessage PublishedAt(int index)
        {
            return (PublishedMessage)published[index];
        }

        public void ClearPublished()
        {
            published.Clear();
        }

        /// <summary>Messages published on a topic, in order.</summary>
        public PublishedMessage[] On(string topic)
        {
            int n = 0;
            for (int i = 0; i < published.Count; i++)
            {
                if (((PublishedMessage)published[i]).Topic == topic)
                {
                    n++;
                }
            }

            PublishedMessage[] result = new PublishedMessage[n];
            n = 0;
            for (int i = 0; i < published.Count; i++)
            {
                if (((PublishedMessage)published[i]).Topic == topic)
                {
                    result[n++] = (PublishedMessage)published[i];
                }
            }

            return result;
        }

        public bool IsSubscribed(string topic)
        {
            return filters.IndexOf(topic) >= 0;
        }

        public bool Connect(string clientId, string willTopic, byte[] willPayload, int willLength)
        {
            ConnectCount++;
            if (!BrokerReachable)
            {
                return false;
            }

            WillTopic = willTopic;
            Will = new byte[willLength];
            Array.Copy(willPayload, Will, willLength);
            filters.Clear();
            sinks.Clear();
            connected = true;
            return true;
        }

        public void Disconnect()
        {
            connected = false;
        }

        public bool Publish(string topic, byte[] payload, int offset, int count, bool retain)
        {
            if (!IsConnected)
            {
                return false;
            }

            byte[] copy = new byte[count];
            Array.Copy(payload, offset, copy, 0, count);
            published.Add(new PublishedMessage(topic, copy, retain));
            return true;
        }

        public bool Subscribe(string topicFilter, IMessageSink sink)
        {
            if (!IsConnected)
            {
                return false;
            }

            filters.Add(topicFilter);
            sinks.Add(sink);
            return true;
        }

        /// <summary>Delivers a message as the broker would, on the caller's thread.</summary>
        public bool Deliver(string topic, byte[] payload, int length)
        {
            int i = filters.IndexOf(topic);
            if (i < 0)
            {
                return false;
            }

            ((IMessageSink)sinks[i]).OnMessage(topic, payload, length);
            return true;
        }
    }
}
