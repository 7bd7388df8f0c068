using System.Threading;
using IotStack.Firmware.Hal;
using IotStack.Protocol;

namespace IotStack.Firmware.Claim
{
    /// <summary>
    /// A new board's side of the claim (docs/security.md, "Claiming"): connects as <c>claim@{token id}</c> with the token
    /// secret under a random client id <c>claim-{16 hex}</c> (its claim session, drawn from the board's RNG so another
    /// token holder cannot guess it and take the session over), clean session; subscribes to the session's reply topic;
    /// sends a <see cref="ClaimRequest"/> for its device id; waits, bounded, for the <see cref="ClaimReply"/>; disconnects.
    /// Only an <see cref="ClaimStatus.Issued"/> reply for this fleet and device with a user name and secret counts as
    /// issued. The board's firmware and the virtual boards both claim through here. Not thread-safe: one claim at a time.
    /// </summary>
    public sealed class ClaimClient : IMessageSink
    {
        public const string SessionPrefix = "claim-";
        private const int SessionRandomBytes = 8;
        private const string HexDigits = "0123456789abcdef";

        private readonly IClaimTransport _transport;
        private readonly IRandomSource _random;
        private readonly IClock _clock;
        private readonly ManualResetEvent _answered = new ManualResetEvent(false);
        private readonly byte[] _sessionBytes = new byte[SessionRandomBytes];
        private readonly object _gate = new object();
        private string _replyTopic;
        private ClaimReply _reply;

        public ClaimClient(IClaimTransport transport, IRandomSource random, IClock clock)
        {
            _transport = transport;
            _random = random;
            _clock = clock;
        }

        /// <summary>The client id of the last attempt (not secret: brokers log it).</summary>
        public string Session { get; private set; }

        /// <summary>One claim attempt, at most about <paramref name="timeoutMs"/> plus the transport's own bounds.</summary>
        public ClaimResult Claim(string fleet, string device, ClaimToken token, int timeoutMs)
        {
            long deadline = _clock.UptimeMs + timeoutMs;
            string session = NewSession();
            Session = session;
            lock (_gate)
            {
                _replyTopic = DeviceTopics.ClaimReplyTopic(fleet, session);
                _reply = null;
                _answered.Reset();
            }

            try
            {
                if (!_transport.ConnectClean(session, token.User, token.Secret))
                {
                    return new ClaimResult(ClaimStage.NotConnected, ClaimStatus.Invalid, null, null, timeoutMs);
                }

                if (!_transport.Subscribe(DeviceTopics.ClaimReplyTopic(fleet, session), this))
                {
                    return new ClaimResult(ClaimStage.SubscribeRefused, ClaimStatus.Invalid, null, null, timeoutMs);
                }

                ClaimRequest request = new ClaimRequest();
                request.TokenId = token.Id;
                request.Secret = token.Secret;
                request.Device = device;
                byte[] frame = new byte[request.FrameLength];
                int length = request.WriteTo(frame, 0);
                if (!_transport.Publish(DeviceTopics.ClaimRequestTopic(fleet, session), frame, 0, length, false))
                {
                    return new ClaimResult(ClaimStage.RequestNotSent, ClaimStatus.Invalid, null, null, timeoutMs);
                }

                long left = deadline - _clock.UptimeMs;
                if (left > 0)
                {
                    _answered.WaitOne((int)left, false);
                }

                ClaimReply reply;
                lock (_gate)
                {
                    reply = _reply;
                }

                if (reply == null)
                {
                    return new ClaimResult(ClaimStage.NoAnswer, ClaimStatus.Invalid, null, null, timeoutMs);
                }

                if (reply.Status != ClaimStatus.Issued)
                {
                    return new ClaimResult(ClaimStage.Answered, reply.Status, null, null, timeoutMs);
                }

                // An Issued reply for another board, or without a credential, is not one this board can use.
                bool usable = reply.Fleet == fleet && reply.Device == device && reply.User.Length > 0 && reply.Secret.Length > 0;
                return usable
                    ? new ClaimResult(ClaimStage.Answered, ClaimStatus.Issued, reply.User, reply.Secret, timeoutMs)
                    : new ClaimResult(ClaimStage.Answered, ClaimStatus.Invalid, null, null, timeoutMs);
            }
            finally
            {
                lock (_gate)
                {
                    _replyTopic = null;
                }

                _transport.Disconnect();
            }
        }

        /// <summary>The transport's thread: keeps the first reply that decodes on this attempt's reply topic.</summary>
        public void OnMessage(string topic, byte[] payload, int length)
        {
            ClaimReply reply = new ClaimReply();
            if (reply.ReadFrom(payload, 0, length) != DecodeStatus.Ok)
            {
                return;
            }

            lock (_gate)
            {
                if (_replyTopic == null || topic != _replyTopic || _reply != null)
                {
                    return;
                }

                _reply = reply;
            }

            _answered.Set();
        }

        private string NewSession()
        {
            _random.Fill(_sessionBytes, 0, SessionRandomBytes);
            char[] hex = new char[SessionRandomBytes * 2];
            for (int i = 0; i < SessionRandomBytes; i++)
            {
                hex[2 * i] = HexDigits[_sessionBytes[i] >> 4];
                hex[(2 * i) + 1] = HexDigits[_sessionBytes[i] & 0xF];
            }

            return SessionPrefix + new string(hex);
        }
    }
}
