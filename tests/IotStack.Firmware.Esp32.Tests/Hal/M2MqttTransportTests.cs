using System.Diagnostics;
using System.Text;
using IotStack.Firmware.Esp32.Hal;
using IotStack.Firmware.Esp32.Tests.Support;
using IotStack.Firmware.Hal;
using IotStack.Protocol;
using IotStack.TestServices;

namespace IotStack.Firmware.Esp32.Tests.Hal;

/// <summary>The ESP32 transport's own code on the emulated M2Mqtt client, against the shared Mosquitto.</summary>
public sealed class M2MqttTransportTests
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The core's will is a binary Offline StatusReport; M2Mqtt takes a will as a string and sends it UTF-8 encoded. The
    /// transport sends the frame's text form (base64), and what the broker publishes at a power cut decodes, as the
    /// gateway decodes the status topic, to the same Offline status. Before: no will at all (or, earlier, no connection).
    /// </summary>
    [Fact]
    public async Task Connect_BinaryStatusWill_BrokerPublishesItsTextFormWhenThePowerIsCut()
    {
        string topic = "iot/t/" + Guid.NewGuid().ToString("N") + "/status";
        await using var watcher = await Watcher.StartAsync(topic);
        var offline = new StatusReport { TimeMs = 1_767_225_600_000, State = DeviceState.Offline, FirmwareVersion = "1.0.0", Board = "esp32", QueueDepth = 0x80FF };
        byte[] will = new byte[offline.FrameLength];
        offline.WriteTo(will, 0);
        using var board = new TestBoard();
        using (board.Enter())
        {
            Assert.True(NewTransport().Connect(ClientId(), topic, will, will.Length));
        }

        board.Board.Reset(); // power cut: the socket closes without DISCONNECT

        Assert.True(await watcher.WaitForAsync(m => m.Topic == topic, Delivery));
        byte[] payload = watcher.Messages.First(m => m.Topic == topic).Payload;
        Assert.True(TextFrame.IsText(payload, 0, payload.Length));
        byte[] frame = new byte[Frame.MaxFrameSize];
        Assert.Equal(DecodeStatus.Ok, TextFrame.Decode(payload, 0, payload.Length, frame, out int length));
        Assert.Equal(will, frame.AsSpan(0, length).ToArray());
        var status = new StatusReport();
        Assert.Equal(DecodeStatus.Ok, status.ReadFrom(frame, 0, length));
        Assert.Equal(DeviceState.Offline, status.State);
        Assert.Equal(0x80FFu, status.QueueDepth);
    }

    [Fact]
    public async Task Connect_TextWill_BrokerPublishesItWhenThePowerIsCut()
    {
        string topic = "iot/t/" + Guid.NewGuid().ToString("N") + "/status";
        await using var watcher = await Watcher.StartAsync(topic);
        using var board = new TestBoard();
        byte[] will = Encoding.ASCII.GetBytes("offline");
        using (board.Enter())
        {
            Assert.True(NewTransport().Connect(ClientId(), topic, will, will.Length));
        }

        board.Board.Reset(); // power cut: the socket closes without DISCONNECT

        Assert.True(await watcher.WaitForAsync(m => m.Topic == topic && Encoding.ASCII.GetString(m.Payload) == "offline", Delivery));
    }

    [Fact]
    public void Connect_NoWill_Connects()
    {
        using var board = new TestBoard();
        using var scope = board.Enter();
        var transport = NewTransport();

        Assert.True(transport.Connect(ClientId(), null!, [], 0));
        Assert.True(transport.IsConnected);
        transport.Disconnect();
        Assert.Equal(0, board.Board.OpenSockets);
    }

    [Fact]
    public void Connect_BrokerDown_FailsAndLeavesNoSocketOrThread()
    {
        using var board = new TestBoard();
        using var scope = board.Enter();
        var transport = new M2MqttTransport("127.0.0.1", ClosedPort(), 2000, null, null, null);

        Assert.False(transport.Connect(ClientId(), null!, [], 0));
        Assert.False(transport.IsConnected);
        Assert.Equal(0, board.Board.OpenSockets);
        Assert.Equal(0, board.Board.LiveThreads);
    }

    [Fact]
    public void Connect_WifiDropped_FailsUntilItIsBackThenReconnects()
    {
        using var board = new TestBoard();
        using var scope = board.Enter();
        var transport = NewTransport();
        string id = ClientId();
        Assert.True(transport.Connect(id, null!, [], 0));

        board.Board.DropWifi();

        Assert.True(SpinWait.SpinUntil(() => !transport.IsConnected, Delivery));
        Assert.False(transport.Connect(id, null!, [], 0));
        board.Board.RestoreWifi();
        Assert.True(transport.Connect(id, null!, [], 0));
        transport.Disconnect();
    }

    [Fact]
    public void Connect_HundredDropAndReconnectCycles_SocketsAndThreadsStayFlat()
    {
        using var board = new TestBoard();
        using var scope = board.Enter();
        var transport = NewTransport();
        string id = ClientId();
        Assert.True(transport.Connect(id, null!, [], 0));
        int processThreads = Process.GetCurrentProcess().Threads.Count;

        for (int cycle = 0; cycle < 100; cycle++)
        {
            board.Board.DropWifi();
            Assert.False(transport.Connect(id, null!, [], 0));
            board.Board.RestoreWifi();
            Assert.True(transport.Connect(id, null!, [], 0), "cycle " + cycle);
            Assert.Equal(1, board.Board.OpenSockets);
            Assert.True(board.Board.LiveThreads <= 3, $"cycle {cycle}: {board.Board.LiveThreads} M2Mqtt threads");
        }

        transport.Disconnect();
        Assert.Equal(0, board.Board.OpenSockets);
        Assert.True(SpinWait.SpinUntil(() => board.Board.LiveThreads == 0, Delivery), board.Board.LiveThreads + " threads left");
        // Leaked workers would add three threads per cycle; allow the thread pool some slack of its own.
        Assert.True(Process.GetCurrentProcess().Threads.Count < processThreads + 30, "process threads grew");
    }

    [Fact]
    public async Task Publish_Connected_IsAcknowledgedAndDelivered()
    {
        string topic = "iot/t/" + Guid.NewGuid().ToString("N") + "/telemetry";
        await using var watcher = await Watcher.StartAsync(topic);
        using var board = new TestBoard();
        using var scope = board.Enter();
        var transport = NewTransport();
        Assert.True(transport.Connect(ClientId(), null!, [], 0));
        byte[] frame = [9, 1, 2, 3, 4, 9];

        Assert.True(transport.Publish(topic, frame, 1, 4, false));

        Assert.True(await watcher.WaitForAsync(m => m.Topic == topic && m.Payload.SequenceEqual(new byte[] { 1, 2, 3, 4 }), Delivery));
        transport.Disconnect();
    }

    [Fact]
    public async Task Subscribe_MessageOnTheTopic_ReachesTheSink()
    {
        string topic = "iot/t/" + Guid.NewGuid().ToString("N") + "/cmd";   // a board may subscribe to its commands only
        using var board = new TestBoard();
        var sink = new RecordingSink();
        M2MqttTransport transport;
        using (board.Enter())
        {
            transport = NewTransport();
            Assert.True(transport.Connect(ClientId(), null!, [], 0));
            Assert.True(transport.Subscribe(topic, sink));
        }

        await using (var sender = await Watcher.StartAsync("unused/" + Guid.NewGuid().ToString("N")))
        {
            await sender.PublishAsync(topic, [7, 7]);
        }

        Assert.True(SpinWait.SpinUntil(() => sink.Count > 0, Delivery));
        using (board.Enter())
        {
            transport.Disconnect();
        }
    }

    [Fact]
    public async Task Connect_Credentials_AcceptedWhenRightRefusedAndClosedWhenWrong()
    {
        await using var broker = await PrivateBroker.StartAsync(("board-7", "s3cret-" + Guid.NewGuid().ToString("N")));
        string secret = broker.Secret("board-7");
        using var board = new TestBoard();
        using var scope = board.Enter();
        var right = new M2MqttTransport(broker.Host, broker.Port, 10000, null, "board-7", secret);
        var wrong = new M2MqttTransport(broker.Host, broker.Port, 10000, null, "board-7", secret + "x");

        Assert.False(wrong.Connect(ClientId(), null!, [], 0));
        Assert.Equal(0, board.Board.OpenSockets);
        Assert.True(SpinWait.SpinUntil(() => board.Board.LiveThreads == 0, Delivery));
        Assert.True(right.Connect(ClientId(), null!, [], 0));
        right.Disconnect();
    }

    [Fact]
    public async Task Connect_Tls_BrokerCaAccepted_AnotherCaRefusedAndNothingLeaks()
    {
        TestCertificates brokerCa = await TestCertificates.CreateAsync();
        TestCertificates otherCa = await TestCertificates.CreateAsync();
        await using PrivateMosquitto broker = await PrivateMosquitto.StartAsync(tls: brokerCa);
        using var board = new TestBoard();
        using var scope = board.Enter();
        // The PEM bytes as Program.ReadCa reads them from I:\.
        MqttAccount account = broker.BoardAccount;
        var pinned = new M2MqttTransport(broker.Host, broker.TlsPort, 10000, File.ReadAllBytes(brokerCa.CaFile), account.User, account.Password);
        var wrong = new M2MqttTransport(broker.Host, broker.TlsPort, 10000, File.ReadAllBytes(otherCa.CaFile), account.User, account.Password);

        Assert.False(wrong.Connect(ClientId(), null!, [], 0));
        Assert.Equal(0, board.Board.OpenSockets);
        Assert.True(SpinWait.SpinUntil(() => board.Board.LiveThreads == 0, Delivery));
        Assert.True(pinned.Connect(ClientId(), null!, [], 0));
        string topic = "iot/t/" + Guid.NewGuid().ToString("N") + "/telemetry";
        await using var watcher = await Watcher.StartAsync(broker.Host, broker.Port, broker.Account, topic);
        Assert.True(pinned.Publish(topic, [1, 2, 3], 0, 3, false));
        Assert.True(await watcher.WaitForAsync(m => m.Topic == topic && m.Payload.Length == 3, Delivery));
        pinned.Disconnect();
    }

    private static M2MqttTransport NewTransport()
    {
        var endpoint = ServiceEndpoints.Mosquitto;
        MqttAccount account = ServiceEndpoints.MosquittoBoardAccount;
        return new M2MqttTransport(endpoint.Host, endpoint.Port, 10000, null, account.User, account.Password);
    }

    private static string ClientId() => "esp32-" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>
    /// A claim attempt with a token the broker refuses (here: a wrong secret) fails at CONNECT and leaves nothing open,
    /// so a board retrying with backoff for hours leaks no socket or M2Mqtt thread.
    /// </summary>
    [Fact]
    public async Task ConnectClean_RefusedToken_FalseAndLeavesNoSocketOrThread()
    {
        await using var broker = await PrivateBroker.StartAsync(("claim@tok1", "right-secret"));
        using var board = new TestBoard();
        using var scope = board.Enter();
        var transport = new M2MqttTransport(broker.Host, broker.Port, 5000, null, null, null);

        for (int attempt = 0; attempt < 3; attempt++)
        {
            Assert.False(transport.ConnectClean("claim-" + attempt.ToString("x16", System.Globalization.CultureInfo.InvariantCulture), "claim@tok1", "wrong-secret"));
        }

        Assert.Equal(0, board.Board.OpenSockets);
        Assert.True(transport.ConnectClean("claim-00000000000000ff", "claim@tok1", "right-secret"));   // the same transport, the right token
        transport.Disconnect();
        Assert.Equal(0, board.Board.OpenSockets);
        Assert.True(SpinWait.SpinUntil(() => board.Board.LiveThreads == 0, Delivery), board.Board.LiveThreads + " threads left");
    }

    /// <summary>
    /// Each claim attempt subscribes to its own session's reply topic. The transport has four subscription places; a
    /// clean session frees them, so a board that retries its claim for long can still subscribe on the fifth and later
    /// attempts. Before: the fifth attempt's subscription was refused, and every one after it.
    /// </summary>
    [Fact]
    public async Task ConnectClean_ManyClaimSessions_EachSubscribesItsReplyTopic()
    {
        await using var broker = await PrivateBroker.StartAsync(("claim@tok1", "right-secret"));
        using var board = new TestBoard();
        using var scope = board.Enter();
        var transport = new M2MqttTransport(broker.Host, broker.Port, 5000, null, null, null);
        var sink = new NullSink();

        for (int attempt = 0; attempt < 6; attempt++)
        {
            string session = "claim-" + attempt.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(transport.ConnectClean(session, "claim@tok1", "right-secret"));
            Assert.True(transport.Subscribe(DeviceTopics.ClaimReplyTopic("f", session), sink), "attempt " + attempt);
            transport.Disconnect();
        }
    }

    private sealed class NullSink : IMessageSink
    {
        public void OnMessage(string topic, byte[] payload, int length)
        {
        }
    }

    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class RecordingSink : IMessageSink
    {
        private int count;

        public int Count => Volatile.Read(ref count);

        public void OnMessage(string topic, byte[] payload, int length) => Interlocked.Increment(ref count);
    }
}
