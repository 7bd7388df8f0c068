// Reference-only declarations of nanoFramework.M2Mqtt.Core 5.1.220 (the client interface, QoS, reason codes, event
// arguments).
namespace nanoFramework.M2Mqtt
{
    using System;
    using System.Collections;
    using nanoFramework.M2Mqtt.Messages;

    public enum MqttSslProtocols
    {
        None,
        SSLv3,
        TLSv1_0,
        TLSv1_1,
        TLSv1_2,
        TLSv1_3,
    }

    public interface IMqttClient
    {
        delegate void MqttMsgPublishEventHandler(object sender, MqttMsgPublishEventArgs e);
        delegate void MqttMsgPublishedEventHandler(object sender, MqttMsgPublishedEventArgs e);
        delegate void MqttMsgSubscribedEventHandler(object sender, MqttMsgSubscribedEventArgs e);
        delegate void MqttMsgUnsubscribedEventHandler(object sender, MqttMsgUnsubscribedEventArgs e);
        delegate void ConnectionClosedEventHandler(object sender, EventArgs e);

        event MqttMsgPublishEventHandler MqttMsgPublishReceived;
        event MqttMsgPublishedEventHandler MqttMsgPublished;
        event MqttMsgSubscribedEventHandler MqttMsgSubscribed;
        event MqttMsgUnsubscribedEventHandler MqttMsgUnsubscribed;
        event ConnectionClosedEventHandler ConnectionClosed;

        bool IsConnected { get; }
        void Init(string brokerHostName, int brokerPort, bool secure, byte[] caCert, byte[] clientCert, MqttSslProtocols sslProtocol);
        MqttReasonCode Connect(string clientId, string username, string password, bool willRetain, MqttQoSLevel willQosLevel, bool willFlag, string willTopic, string willMessage, bool cleanSession, ushort keepAlivePeriod);
        void Disconnect();
        ushort Subscribe(string[] topics, MqttQoSLevel[] qosLevels);
        ushort Unsubscribe(string[] topics);
        ushort Publish(string topic, byte[] message, string contentType, ArrayList userProperties, MqttQoSLevel qosLevel, bool retain);
        ushort Publish(string topic, byte[] message, string contentType);
        ushort Publish(string topic, byte[] message);
        void Close();
    }
}

namespace nanoFramework.M2Mqtt.Messages
{
    using System;

    public enum MqttQoSLevel
    {
        AtMostOnce = 0x00,
        AtLeastOnce = 0x01,
        ExactlyOnce = 0x02,
        GrantedFailure = 0x80,
    }

    public enum MqttReasonCode
    {
        Success = 0x00,
        NormalDisconnection = 0x00,
        GrantedQoS0 = 0x00,
        GrantedQoS1 = 0x01,
        GrantedQoS2 = 0x02,
        DisconnectWithWillMessage = 0x04,
        NoMatchingSubscribers = 0x10,
        NoSubscriptionExisted = 0x11,
        ContinueAuthentication = 0x18,
        ReAuthenticate = 0x19,
        UnspecifiedError = 0x80,
        MalformedPacket = 0x81,
        ProtocolError = 0x82,
        ImplementationSpecificError = 0x83,
        UnsupportedProtocolVersion = 0x84,
        ClientIdentifierNotValid = 0x85,
        BadUserNameOrPassword = 0x86,
        NotAuthorized = 0x87,
        ServerUnavailable = 0x88,
        ServerBusy = 0x89,
        Banned = 0x8A,
        ServeShuttingDown = 0x8B,
        BadAuthenticationMethod = 0x8C,
        KeepAliveTimeout = 0x8D,
        SessionTakenOver = 0x8E,
        TopicFilterInvalid = 0x8F,
        TopicNameInvalid = 0x90,
        PacketIdentifierInUse = 0x91,
        PacketIdentifierNotFound = 0x92,
        ReceiveMaximumExceeded = 0x93,
        TopicAliasInvalid = 0x94,
        PacketTooLarge = 0x95,
        MessageRateTooHigh = 0x96,
        QuotaExceeded = 0x97,
        AdministrativeAction = 0x98,
        PayloadFormatInvalid = 0x99,
        RetainNotSupported = 0x9A,
        QoSNotSupported = 0x9B,
        UseAnotherServer = 0x9C,
        ServerMoved = 0x9D,
        SharedSubscriptionsNotSupported = 0x9E,
        ConnectionRateExceeded = 0x9F,
        MaximumConnectTime = 0xA0,
        SubscriptionIdentifiersNotSupported = 0xA1,
        WildcardSubscriptionsNotSupported = 0xA2,
        ConnectionRefusedUnacceptableProtocolVersion = 0x01,
        ConnectionRefusedIdentifierRejected = 0x02,
        ConnectionRefusedServerUnavailable = 0x03,
        ConnectionRefusedBadUserNameOrPassword = 0x04,
        ConnectionRefusedNotAuthorized = 0x05,
    }

    public class MqttMsgPublishEventArgs : EventArgs
    {
        public MqttMsgPublishEventArgs(string topic, byte[] message, bool dupFlag, MqttQoSLevel qosLevel, bool retain) => throw null;
        public string Topic => throw null;
        public byte[] Message => throw null;
        public bool DupFlag => throw null;
        public MqttQoSLevel QosLevel => throw null;
        public bool Retain => throw null;
    }

    public class MqttMsgPublishedEventArgs : EventArgs
    {
        public MqttMsgPublishedEventArgs(ushort messageId) => throw null;
        public MqttMsgPublishedEventArgs(ushort messageId, bool isPublished) => throw null;
        public ushort MessageId { get => throw null; set => throw null; }
        public bool IsPublished { get => throw null; set => throw null; }
    }

    public class MqttMsgSubscribeEventArgs : EventArgs
    {
        public MqttMsgSubscribeEventArgs(ushort messageId, string[] topics, MqttQoSLevel[] qosLevels) => throw null;
        public ushort MessageId => throw null;
        public string[] Topics => throw null;
        public MqttQoSLevel[] QoSLevels => throw null;
    }

    public class MqttMsgSubscribedEventArgs : EventArgs
    {
        public MqttMsgSubscribedEventArgs(ushort messageId, MqttQoSLevel[] grantedQosLevels) => throw null;
        public ushort MessageId => throw null;
        public MqttQoSLevel[] GrantedQoSLevels => throw null;
    }

    public class MqttMsgUnsubscribeEventArgs : EventArgs
    {
        public MqttMsgUnsubscribeEventArgs(ushort messageId, string[] topics) => throw null;
        public ushort MessageId => throw null;
        public string[] Topics => throw null;
    }

    public class MqttMsgUnsubscribedEventArgs : EventArgs
    {
        public MqttMsgUnsubscribedEventArgs(ushort messageId) => throw null;
        public ushort MessageId => throw null;
    }

    public class UserProperty
    {
        public UserProperty(string name, string value) => throw null;
        public string Name { get => throw null; set => throw null; }
        public string Value { get => throw null; set => throw null; }
    }
}
