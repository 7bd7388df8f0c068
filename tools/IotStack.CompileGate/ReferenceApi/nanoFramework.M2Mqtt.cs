// Reference-only declarations of nanoFramework.M2Mqtt 5.1.220: MqttClient, its settings, protocol versions and
// exceptions. The packet classes (MqttMsgConnect, MqttMsgConnack, ...) and the events that carry them
// (ConnectionOpened, ConnectionClosedRequest, Authentication) are not declared; nothing gated uses them.
namespace nanoFramework.M2Mqtt
{
    using System;
    using System.Collections;
    using System.Security.Cryptography.X509Certificates;
    using nanoFramework.M2Mqtt.Messages;

    public enum MqttProtocolVersion
    {
        Version_3_1 = 0x03,
        Version_3_1_1 = 0x04,
        Version_5 = 0x05,
    }

    public class MqttSettings
    {
        public const int BrokerDefaultPort = 1883;
        public const int BrokerDefaultSslPort = 8883;
        public const int DefaultTimeout = 30_000;
        public const int MaximumAttemptsRetry = 3;
        public const int DefaultDelayRetry = 1_000;
        public const int ConnectTimeout = 30_000;
        public const int DefaultInflightQueueSize = int.MaxValue;
        public int Port => throw null;
        public int SslPort => throw null;
        public int TimeoutOnConnection => throw null;
        public int TimeoutOnReceiving => throw null;
        public int AttemptsOnRetry => throw null;
        public int DelayOnRetry => throw null;
        public int InflightQueueSize { get => throw null; set => throw null; }
        public bool ValidateServerCertificate { get => throw null; set => throw null; }
        public static MqttSettings Instance => throw null;
    }

    public class MqttClient : IMqttClient, IDisposable
    {
        public MqttClient(string brokerHostName) => throw null;
        public MqttClient(string brokerHostName, int brokerPort, bool secure, X509Certificate caCert, X509Certificate clientCert, MqttSslProtocols sslProtocol) => throw null;

        public delegate void MqttMsgPublishEventHandler(object sender, MqttMsgPublishEventArgs e);
        public delegate void MqttMsgPublishedEventHandler(object sender, MqttMsgPublishedEventArgs e);
        public delegate void MqttMsgSubscribedEventHandler(object sender, MqttMsgSubscribedEventArgs e);
        public delegate void MqttMsgUnsubscribedEventHandler(object sender, MqttMsgUnsubscribedEventArgs e);
        public delegate void ConnectionClosedEventHandler(object sender, EventArgs e);

        public event IMqttClient.MqttMsgPublishEventHandler MqttMsgPublishReceived { add { } remove { } }
        public event IMqttClient.MqttMsgPublishedEventHandler MqttMsgPublished { add { } remove { } }
        public event IMqttClient.MqttMsgSubscribedEventHandler MqttMsgSubscribed { add { } remove { } }
        public event IMqttClient.MqttMsgUnsubscribedEventHandler MqttMsgUnsubscribed { add { } remove { } }
        public event IMqttClient.ConnectionClosedEventHandler ConnectionClosed { add { } remove { } }

        public bool IsConnected => throw null;
        public string ClientId => throw null;
        public bool CleanSession => throw null;
        public bool WillFlag => throw null;
        public MqttQoSLevel WillQosLevel => throw null;
        public string WillTopic => throw null;
        public string WillMessage => throw null;
        public MqttProtocolVersion ProtocolVersion { get => throw null; set => throw null; }
        public string AuthenticationMethod { get => throw null; set => throw null; }
        public byte[] AuthenticationData { get => throw null; set => throw null; }
        public uint SessionExpiryInterval { get => throw null; set => throw null; }
        public bool RequestProblemInformation { get => throw null; set => throw null; }
        public bool RequestResponseInformation { get => throw null; set => throw null; }
        public ushort ReceiveMaximum { get => throw null; set => throw null; }
        public ushort TopicAliasMaximum { get => throw null; set => throw null; }
        public uint WillDelayInterval { get => throw null; set => throw null; }
        public ArrayList UserProperties => throw null;
        public uint MaximumPacketSize { get => throw null; set => throw null; }
        public bool IsAuthenticationFlow { get => throw null; set => throw null; }
        public MqttSettings Settings => throw null;

        public void Init(string brokerHostName, int brokerPort, bool secure, byte[] caCert, byte[] clientCert, MqttSslProtocols sslProtocol) => throw null;
        public MqttReasonCode Connect(string clientId) => throw null;
        public MqttReasonCode Connect(string clientId, bool cleanSession) => throw null;
        public MqttReasonCode Connect(string clientId, string username, string password) => throw null;
        public MqttReasonCode Connect(string clientId, string username, string password, bool cleanSession, ushort keepAlivePeriod) => throw null;
        public MqttReasonCode Connect(string clientId, string username, string password, bool willRetain, MqttQoSLevel willQosLevel, bool willFlag, string willTopic, string willMessage, bool cleanSession, ushort keepAlivePeriod) => throw null;
        public void Disconnect() => throw null;
        public void Close() => throw null;
        public void Dispose() => throw null;
        public ushort Subscribe(string[] topics, MqttQoSLevel[] qosLevels) => throw null;
        public ushort Unsubscribe(string[] topics) => throw null;
        public ushort Publish(string topic, byte[] message) => throw null;
        public ushort Publish(string topic, byte[] message, string contentType) => throw null;
        public ushort Publish(string topic, byte[] message, string contentType, ArrayList userProperties) => throw null;
        public ushort Publish(string topic, byte[] message, string contentType, ArrayList userProperties, MqttQoSLevel qosLevel, bool retain) => throw null;
    }
}

namespace nanoFramework.M2Mqtt.Exceptions
{
    using System;

    public enum MqttClientErrorCode
    {
        WillWrong = 1,
        KeepAliveWrong,
        TopicWildcard,
        TopicLength,
        QosNotAllowed,
        TopicsEmpty,
        QosLevelsEmpty,
        TopicsQosLevelsNotMatch,
        WrongBrokerMessage,
        WrongMessageId,
        InflightQueueFull,
        InvalidFlagBits,
        InvalidConnectFlags,
        InvalidClientId,
        InvalidProtocolName,
    }

    public class MqttClientException : Exception
    {
        public MqttClientException(MqttClientErrorCode errorCode) => throw null;
        public MqttClientErrorCode ErrorCode { get => throw null; set => throw null; }
    }

    public class MqttCommunicationException : Exception
    {
        public MqttCommunicationException() => throw null;
        public MqttCommunicationException(Exception e) => throw null;
    }

    public class MqttConnectionException : Exception
    {
        public MqttConnectionException(string message, Exception innerException) => throw null;
    }

    public class MqttTimeoutException : Exception
    {
    }
}
