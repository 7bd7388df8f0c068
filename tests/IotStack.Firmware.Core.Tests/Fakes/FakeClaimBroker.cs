using IotStack.Firmware.Hal;
using IotStack.Protocol;

namespace IotStack.Firmware.Tests.Fakes
{
    /// <summary>
    /// The broker and gateway of a claim, as the board sees them: records the CONNECT, subscription and request, and
    /// answers a request with <see cref="Reply"/> on the caller's thread (as a fast gateway's reply may arrive before the
    /// PUBACK returns).
    /// </summary>
    internal sealed class FakeClaimBroker : IClaimTransport
    {
        private IMessageSink _sink;
        private bool _connected;

        public FakeClaimBroker()
        {
            AcceptsConnect = true;
            GrantsSubscribe = true;
        }

        public bool AcceptsConnect { get; set; }

        public bool GrantsSubscribe { get; set; }

        /// <summary>The gateway's answer to a request; null: it never answers.</summary>
        public ClaimReply Reply { get; set; }

        /// <summary>Where the answer goes; null: the reply topic of the session that asked.</summary>
        public string ReplyTopic { get; set; }

        public int Connects { get; private set; }

        public string ClientId { get; private set; }

        public string User { get; private set; }

        public string Secret { get; private set; }

        public string Subscribed { get; private set; }

        public string RequestTopic { get; private set; }

        public ClaimRequest Request { get; private set; }

        public bool Disconnected { get; private set; }

        public bool ConnectClean(string clientId, string user, string secret)
        {
            Connects++;
            ClientId = clientId;
            User = user;
            Secret = secret;
            _connected = AcceptsConnect;
            return _connected;
        }

        public bool Subscribe(string topicFilter, IMessageSink sink)
        {
            if (!_connected || !GrantsSubscribe)
            {
                return false;
            }

            Subscribed = topicFilter;
            _sink = sink;
            return true;
        }

        public bool Publish(string topic, byte[] payload, int offset, int count, bool retain)
        {
            if (!_connected)
            {
                return false;
            }

            RequestTopic = topic;
            ClaimRequest request = new ClaimRequest();
            if (request.ReadFrom(payload, offset, count) == DecodeStatus.Ok)
            {
                Request = request;
            }

            if (Reply != null && _sink != null)
            {
                byte[] frame = new byte[Reply.FrameLength];
                int length = Reply.WriteTo(frame, 0);
                _sink.OnMessage(ReplyTopic == null ? Subscribed : ReplyTopic, frame, length);
            }

            return true;
        }

        public void Disconnect()
        {
            _connected = false;
            Disconnected = true;
        }
    }
}
