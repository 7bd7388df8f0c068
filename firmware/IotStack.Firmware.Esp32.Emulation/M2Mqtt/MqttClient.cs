using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using IotStack.Firmware.Esp32.Emulation.Board;
using MQTTnet;
using nanoFramework.M2Mqtt.Exceptions;
using nanoFramework.M2Mqtt.Messages;

namespace nanoFramework.M2Mqtt;

/// <summary>
/// nanoFramework.M2Mqtt 5.1.220's MqttClient as the firmware sees it, over MQTTnet on the wire. What follows the real
/// library: Connect opens the socket and starts the receive thread first, then encodes CONNECT and may throw
/// (<see cref="ConnectRules"/>), leaving both open until <see cref="Close"/>; an unreachable broker is an
/// <see cref="MqttConnectionException"/> before any thread starts; a refused CONNACK is returned, not thrown, and also
/// leaves the client open. After CONNACK a dispatch thread raises every event and an inflight thread sends the queued
/// publishes and subscriptions: Publish and Subscribe return the message id at once and their PUBACK/SUBACK arrives
/// later as MqttMsgPublished / MqttMsgSubscribed. A lost connection sets IsConnected false, raises ConnectionClosed and
/// ends the workers. Not emulated: the keep-alive thread (MQTTnet keeps the connection alive), QoS 2, MQTT 5
/// properties, session restore of unacknowledged messages across clients.
/// </summary>
public partial class MqttClient : IDisposable
{
    private const int ChannelTimeoutMs = 5000;

    private readonly string brokerHostName;
    private readonly int brokerPort;
    private readonly bool secure;
    private readonly X509Certificate? caCert;
    private readonly MqttSslProtocols sslProtocol;
    private readonly BoardBoot boot;
    private readonly object gate = new();
    private IMqttClient? wire;
    private int messageIdCounter;

    public MqttClient(string brokerHostName)
        : this(brokerHostName, 1883, false, null, null, MqttSslProtocols.None)
    {
    }

    public MqttClient(string brokerHostName, int brokerPort, bool secure, X509Certificate? caCert, X509Certificate? clientCert, MqttSslProtocols sslProtocol)
    {
        this.brokerHostName = brokerHostName ?? throw new ArgumentNullException(nameof(brokerHostName));
        this.brokerPort = brokerPort;
        this.secure = secure;
        this.caCert = caCert;
        this.sslProtocol = sslProtocol;
        boot = BoardContext.Current;
        ProtocolVersion = MqttProtocolVersion.Version_3_1_1;
    }

    public delegate void MqttMsgPublishEventHandler(object sender, MqttMsgPublishEventArgs e);

    public delegate void MqttMsgPublishedEventHandler(object sender, MqttMsgPublishedEventArgs e);

    public delegate void MqttMsgSubscribedEventHandler(object sender, MqttMsgSubscribedEventArgs e);

    public delegate void ConnectionClosedEventHandler(object sender, EventArgs e);

    public event MqttMsgPublishEventHandler? MqttMsgPublishReceived;

    public event MqttMsgPublishedEventHandler? MqttMsgPublished;

    public event MqttMsgSubscribedEventHandler? MqttMsgSubscribed;

    public event ConnectionClosedEventHandler? ConnectionClosed;

    public bool IsConnected { get; private set; }

    public string? ClientId { get; private set; }

    public bool CleanSession { get; private set; }

    public bool WillFlag { get; private set; }

    public MqttQoSLevel WillQosLevel { get; private set; }

    public string? WillTopic { get; private set; }

    public string? WillMessage { get; private set; }

    public MqttProtocolVersion ProtocolVersion { get; set; }

    public MqttReasonCode Connect(string clientId) =>
        Connect(clientId, null, null, false, MqttQoSLevel.AtMostOnce, false, null, null, true, 60);

    public MqttReasonCode Connect(string clientId, bool cleanSession) =>
        Connect(clientId, null, null, false, MqttQoSLevel.AtMostOnce, false, null, null, cleanSession, 60);

    public MqttReasonCode Connect(string clientId, string? username, string? password) =>
        Connect(clientId, username, password, false, MqttQoSLevel.AtMostOnce, false, null, null, true, 60);

    public MqttReasonCode Connect(string clientId, string? username, string? password, bool cleanSession, ushort keepAlivePeriod) =>
        Connect(clientId, username, password, false, MqttQoSLevel.AtMostOnce, false, null, null, cleanSession, keepAlivePeriod);

    public MqttReasonCode Connect(
        string clientId,
        string? username,
        string? password,
        bool willRetain,
        MqttQoSLevel willQosLevel,
        bool willFlag,
        string? willTopic,
        string? willMessage,
        bool cleanSession,
        ushort keepAlivePeriod)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        OpenChannel();
        StartWorker(ReceiveLoop, "m2mqtt-receive");
        ConnectRules.Check(ProtocolVersion, willRetain, willQosLevel, willFlag, willTopic, willMessage);

        MqttClientOptions options = ConnectOptions(clientId, username, password, willRetain, willQosLevel, willFlag, willTopic, willMessage, cleanSession, keepAlivePeriod);
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += OnMessageAsync;
        client.DisconnectedAsync += OnDisconnectedAsync;
        int connackCode = -1;
        client.InspectPacketAsync += e =>
        {
            // M2Mqtt returns the CONNACK's code byte as sent (§3.2.2.3, byte 4 of the packet); MQTTnet maps or throws.
            if (e.Direction == MQTTnet.Diagnostics.PacketInspection.MqttPacketFlowDirection.Inbound && e.Buffer.Length >= 4 && e.Buffer[0] == 0x20)
            {
                connackCode = e.Buffer[3];
            }

            return Task.CompletedTask;
        };
        lock (gate)
        {
            wire = client;
        }

        MqttReasonCode code;
        try
        {
            using var timeout = new CancellationTokenSource(ConnectTimeoutMs);
            MqttClientConnectResult result = client.ConnectAsync(options, timeout.Token).GetAwaiter().GetResult();
            code = result.ResultCode == MqttClientConnectResultCode.Success
                ? MqttReasonCode.Success
                : (MqttReasonCode)(connackCode > 0 ? connackCode : (int)MqttReasonCode.UnspecifiedError);
        }
        catch (MQTTnet.Adapter.MqttConnectingFailedException) when (connackCode > 0)
        {
            code = (MqttReasonCode)connackCode;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
        {
            // No CONNACK in time: M2Mqtt's SendReceive throws, the socket and receive thread stay open.
            throw new MqttCommunicationException(e);
        }

        if (code == MqttReasonCode.Success)
        {
            ClientId = clientId;
            CleanSession = cleanSession;
            WillFlag = willFlag;
            WillTopic = willTopic;
            WillMessage = willMessage;
            WillQosLevel = willQosLevel;
            StartWorker(DispatchLoop, "m2mqtt-dispatch");
            StartWorker(InflightLoop, "m2mqtt-inflight");
            IsConnected = true;
        }

        return code;
    }

    /// <summary>Sends DISCONNECT (so the broker drops the will) and closes.</summary>
    public void Disconnect()
    {
        IMqttClient? client;
        lock (gate)
        {
            client = wire;
        }

        disconnecting = true;
        if (client is not null && client.IsConnected)
        {
            try
            {
                client.DisconnectAsync(new MqttClientDisconnectOptions()).Wait(ChannelTimeoutMs);
            }
            catch (AggregateException e)
            {
                throw new MqttCommunicationException(e.InnerException ?? e);
            }
        }

        IsConnected = false;
        Close();
    }

    public void Dispose()
    {
        Close();
        GC.SuppressFinalize(this);
    }

    private static int ConnectTimeoutMs => 30_000;

    private MqttClientOptions ConnectOptions(
        string clientId, string? username, string? password, bool willRetain, MqttQoSLevel willQos, bool willFlag,
        string? willTopic, string? willMessage, bool cleanSession, ushort keepAlivePeriod)
    {
        MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder()
            .WithTcpServer(brokerHostName, brokerPort)
            .WithProtocolVersion(ProtocolVersion switch
            {
                MqttProtocolVersion.Version_3_1 => MQTTnet.Formatter.MqttProtocolVersion.V310,
                MqttProtocolVersion.Version_5 => MQTTnet.Formatter.MqttProtocolVersion.V500,
                _ => MQTTnet.Formatter.MqttProtocolVersion.V311,
            })
            .WithClientId(clientId)
            .WithCleanSession(cleanSession)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(keepAlivePeriod))
            .WithTimeout(TimeSpan.FromMilliseconds(ConnectTimeoutMs));

        // M2Mqtt leaves out an empty user name or password (MqttMsgConnect.GetBytes).
        if (!string.IsNullOrEmpty(username))
        {
            builder = builder.WithCredentials(username, string.IsNullOrEmpty(password) ? null : System.Text.Encoding.UTF8.GetBytes(password));
        }

        if (willFlag)
        {
            // The will goes out as the UTF-8 bytes of the string, as M2Mqtt encodes it.
            builder = builder
                .WithWillTopic(willTopic)
                .WithWillPayload(System.Text.Encoding.UTF8.GetBytes(willMessage!))
                .WithWillRetain(willRetain)
                .WithWillQualityOfServiceLevel((MQTTnet.Protocol.MqttQualityOfServiceLevel)(int)willQos);
        }

        if (secure)
        {
            builder = builder.WithTlsOptions(tls => TlsTrust.Configure(tls, brokerHostName, caCert, sslProtocol));
        }

        return builder.Build();
    }

    /// <summary>
    /// M2Mqtt's channel: a TCP connection to the broker, refused or unreachable as an MqttConnectionException with the
    /// socket error inside, and no connection at all while the board's Wi-Fi is down.
    /// </summary>
    private void OpenChannel()
    {
        EmulatedBoard board = boot.Board;
        if (!boot.IsAlive || !board.WifiUp)
        {
            throw new MqttConnectionException("Exception connecting to the broker", new SocketException((int)SocketError.NetworkUnreachable));
        }

        Exception? handshake;
        try
        {
            using var probe = new TcpClient();
            if (!probe.ConnectAsync(brokerHostName, brokerPort).Wait(ChannelTimeoutMs))
            {
                throw new SocketException((int)SocketError.TimedOut);
            }

            handshake = secure ? TlsTrust.Handshake(probe.GetStream(), brokerHostName, caCert, sslProtocol, ChannelTimeoutMs) : null;
        }
        catch (Exception e) when (e is SocketException or AggregateException)
        {
            SocketException socket = e as SocketException ?? e.InnerException as SocketException ?? new SocketException((int)SocketError.ConnectionRefused);
            throw new MqttConnectionException("Socket exception connecting to the broker: " + socket.ErrorCode, socket);
        }

        board.SocketOpened(this, Abort);
        if (handshake is not null)
        {
            // MqttNetworkChannel.Connect: SslStream.AuthenticateAsClient throws after the socket connected; MqttClient
            // wraps it and leaves the socket to Close(). No thread has started yet.
            throw new MqttConnectionException("Exception connecting to the broker", handshake);
        }
    }
}
