using System;
using System.Threading;
using IotStack.Firmware.Hal;
using IotStack.Protocol;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;
using System.Security.Cryptography.X509Certificates;

namespace IotStack.Firmware.Esp32.Hal
{
    /// <summary>
    /// <see cref="IMqttTransport"/> over nanoFramework.M2Mqtt, MQTT 3.1.1 with a persistent session. M2Mqtt's Publish
    /// and Subscribe only queue the packet and return its id; the PUBACK/SUBACK arrives later as an event, so each call
    /// here waits for its id on an event with a timeout (the core counts on a publish being acknowledged when it
    /// returns true). A new client is made per connection: M2Mqtt's worker threads do not survive a dropped socket.
    /// <para>
    /// M2Mqtt takes the last will as a string and sends it UTF-8 encoded (MqttMsgConnect), so a binary will frame
    /// would be mangled. A binary will (the retained Offline status) is therefore sent in the frame's text form
    /// (<see cref="TextFrame"/>: base64), which the gateway decodes on the status topic like the binary one.
    /// </para>
    /// <para>
    /// A board without a credential claims one through <see cref="IClaimTransport"/> on a transport of its own: the same
    /// calls, but a clean session without a will under the enrolment token (its subscription table is then discarded).
    /// </para>
    /// </summary>
    internal sealed class M2MqttTransport : IMqttTransport, IClaimTransport
    {
        private const ushort KeepAliveSeconds = 30;
        private const int AckRing = 8;

        private readonly string _host;
        private readonly int _port;
        private readonly int _ackTimeoutMs;
        private readonly byte[] _caCertificate;
        private readonly string _user;
        private readonly string _secret;
        private readonly AutoResetEvent _acked = new AutoResetEvent(false);
        private readonly ushort[] _ackedIds = new ushort[AckRing];
        private readonly bool[] _ackedOk = new bool[AckRing];
        private readonly string[] _filters = new string[4];
        private readonly IMessageSink[] _sinks = new IMessageSink[4];
        private readonly object _gate = new object();
        private int _ackNext;
        private int _sinkCount;
        private MqttClient _client;

        /// <param name="caCertificate">PEM of the broker's CA: TLS 1.2 with the broker verified against it; null for plain MQTT.</param>
        /// <param name="user">Broker user name, or null.</param>
        /// <param name="secret">Broker password, or null; never logged.</param>
        public M2MqttTransport(string host, int port, int ackTimeoutMs, byte[] caCertificate, string user, string secret)
        {
            _host = host;
            _port = port;
            _ackTimeoutMs = ackTimeoutMs;
            _caCertificate = caCertificate;
            _user = user;
            _secret = secret;
        }

        public bool IsConnected
        {
            get
            {
                MqttClient current = _client;
                return current != null && current.IsConnected;
            }
        }

        public bool Connect(string clientId, string willTopic, byte[] willPayload, int willLength)
        {
            string will = willTopic == null || willLength <= 0 ? null : WillText(willPayload, willLength);
            return Open(clientId, _user, _secret, false, willTopic, will);
        }

        /// <summary>The claim session (docs/security.md, "Claiming"): clean, no will, the enrolment token as credentials.</summary>
        public bool ConnectClean(string clientId, string claimUser, string claimSecret)
        {
            // A clean session starts without subscriptions: so does the table, or each attempt's reply topic would take
            // one of its four places for good and a board retrying for long would run out of them.
            lock (_gate)
            {
                for (int i = 0; i < _sinkCount; i++)
                {
                    _filters[i] = null;
                    _sinks[i] = null;
                }

                _sinkCount = 0;
            }

            return Open(clientId, claimUser, claimSecret, true, null, null);
        }

        public void Disconnect()
        {
            MqttClient current = _client;
            _client = null;
            if (current != null)
            {
                try
                {
                    current.Disconnect();
                }
                catch (Exception)
                {
                    // The socket is already gone; nothing left to close.
                }
            }
        }

        public bool Publish(string topic, byte[] payload, int offset, int count, bool retain)
        {
            MqttClient current = _client;
            if (current == null || !current.IsConnected)
            {
                return false;
            }

            // M2Mqtt sends the whole array, so the frame is copied to its exact length (one allocation per message).
            byte[] message = new byte[count];
            Array.Copy(payload, offset, message, 0, count);
            try
            {
                ushort id = current.Publish(topic, message, null, null, MqttQoSLevel.AtLeastOnce, retain);
                return WaitForAck(id);
            }
            catch (Exception)
            {
                return false; // inflight queue full or the connection dropped while queueing
            }
        }

        public bool Subscribe(string topicFilter, IMessageSink sink)
        {
            lock (_gate)
            {
                int slot = IndexOf(topicFilter);
                if (slot < 0)
                {
                    if (_sinkCount == _filters.Length)
                    {
                        return false;
                    }

                    slot = _sinkCount++;
                }

                _filters[slot] = topicFilter;
                _sinks[slot] = sink;
            }

            MqttClient current = _client;
            if (current == null || !current.IsConnected)
            {
                return false;
            }

            try
            {
                ushort id = current.Subscribe(new string[] { topicFilter }, new MqttQoSLevel[] { MqttQoSLevel.AtLeastOnce });
                return WaitForAck(id);
            }
            catch (Exception)
            {
                return false;
            }
        }

        private bool Open(string clientId, string connectUser, string connectSecret, bool cleanSession, string willTopic, string will)
        {
            Drop();
            bool hasWill = will != null && will.Length > 0;
            bool secure = _caCertificate != null;
            if (secure && _caCertificate.Length == 0)
            {
                return false; // told to use TLS but no CA to verify the broker with: never connect unverified
            }

            MqttClient fresh = secure
                ? new MqttClient(_host, _port, true, new X509Certificate(_caCertificate), null, MqttSslProtocols.TLSv1_2)
                : new MqttClient(_host, _port, false, null, null, MqttSslProtocols.None);
            fresh.ProtocolVersion = MqttProtocolVersion.Version_3_1_1;
            fresh.MqttMsgPublishReceived += OnPublishReceived;
            fresh.MqttMsgPublished += OnPublished;
            fresh.MqttMsgSubscribed += OnSubscribed;
            try
            {
                // MQTT 3.1.1 §3.1.2.5-3.1.2.7: without a will, Will QoS and Will Retain must be 0 and no will topic or
                // message may follow. M2Mqtt checks this before sending CONNECT (MqttClientException WillWrong).
                MqttReasonCode code = hasWill
                    ? fresh.Connect(clientId, connectUser, connectSecret, true, MqttQoSLevel.AtLeastOnce, true, willTopic, will, cleanSession, KeepAliveSeconds)
                    : fresh.Connect(clientId, connectUser, connectSecret, false, MqttQoSLevel.AtMostOnce, false, null, null, cleanSession, KeepAliveSeconds);
                if (code == MqttReasonCode.Success)
                {
                    // Every client numbers its messages from 1 again: acknowledgements recorded for the previous one
                    // must not answer this one's publishes.
                    ForgetAcks();
                    _client = fresh;
                    return true;
                }
            }
            catch (Exception)
            {
                // M2Mqtt reports an unreachable broker or a refused CONNECT as exceptions: here a false result.
            }

            // By the time CONNECT is encoded, M2Mqtt has opened the socket and started its receive thread: a failed
            // attempt must close them, or every retry leaks one of each.
            Close(fresh);
            return false;
        }

        /// <summary>
        /// The will as the string M2Mqtt sends UTF-8 encoded: printable ASCII as it is (its UTF-8 bytes are the same);
        /// anything else, i.e. every binary frame (they start with version byte 1), in the frame's text form, which the
        /// gateway accepts on the status topic. Control bytes are not passed through: nanoFramework strings end at a NUL.
        /// </summary>
        private static string WillText(byte[] payload, int length)
        {
            char[] chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                if (payload[i] < 0x20 || payload[i] > 0x7E)
                {
                    return TextFrame.ToText(payload, 0, length);
                }

                chars[i] = (char)payload[i];
            }

            return new string(chars);
        }

        private static void Close(MqttClient old)
        {
            try
            {
                old.Close();
            }
            catch (Exception)
            {
                // Closing a dead client may throw; it is discarded either way.
            }
        }

        private void Drop()
        {
            MqttClient old = _client;
            _client = null;
            if (old != null)
            {
                Close(old);
            }
        }

        private bool WaitForAck(ushort id)
        {
            long deadline = Environment.TickCount64 + _ackTimeoutMs;
            while (true)
            {
                lock (_gate)
                {
                    for (int i = 0; i < AckRing; i++)
                    {
                        if (_ackedIds[i] == id && id != 0)
                        {
                            _ackedIds[i] = 0;
                            return _ackedOk[i];
                        }
                    }
                }

                long left = deadline - Environment.TickCount64;
                if (left <= 0 || !IsConnected)
                {
                    return false;
                }

                _acked.WaitOne((int)left, false);
            }
        }

        private void ForgetAcks()
        {
            lock (_gate)
            {
                for (int i = 0; i < AckRing; i++)
                {
                    _ackedIds[i] = 0;
                }
            }
        }

        private void RecordAck(object sender, ushort id, bool ok)
        {
            if (sender != _client)
            {
                return; // a late event of a client already replaced: its ids mean nothing to the current one
            }

            lock (_gate)
            {
                _ackedIds[_ackNext] = id;
                _ackedOk[_ackNext] = ok;
                _ackNext = (_ackNext + 1) % AckRing;
            }

            _acked.Set();
        }

        private void OnPublished(object sender, MqttMsgPublishedEventArgs e)
        {
            RecordAck(sender, e.MessageId, e.IsPublished);
        }

        private void OnSubscribed(object sender, MqttMsgSubscribedEventArgs e)
        {
            bool granted = e.GrantedQoSLevels != null && e.GrantedQoSLevels.Length > 0 && e.GrantedQoSLevels[0] != MqttQoSLevel.GrantedFailure;
            RecordAck(sender, e.MessageId, granted);
        }

        private void OnPublishReceived(object sender, MqttMsgPublishEventArgs e)
        {
            IMessageSink target = null;
            lock (_gate)
            {
                for (int i = 0; i < _sinkCount; i++)
                {
                    if (TopicMatcher.Matches(_filters[i], e.Topic))
                    {
                        target = _sinks[i];
                        break;
                    }
                }
            }

            if (target != null)
            {
                target.OnMessage(e.Topic, e.Message, e.Message.Length);
            }
        }

        private int IndexOf(string topicFilter)
        {
            for (int i = 0; i < _sinkCount; i++)
            {
                if (_filters[i] == topicFilter)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
