using System.Security.Cryptography.X509Certificates;
using IotStack.Firmware.Esp32.Tests.Support;
using IotStack.TestServices;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Exceptions;
using nanoFramework.M2Mqtt.Messages;

namespace IotStack.Firmware.Esp32.Tests.Emulation;

/// <summary>
/// The emulated M2Mqtt client follows the library's documented behaviour where the firmware depends on it: CONNECT
/// rules checked after the socket and receive thread are up, a refused broker before anything starts, ids at once and
/// acknowledgements by event.
/// </summary>
public sealed class MqttClientTests
{
    [Fact]
    public void Connect_WillRetainWithoutWill_ThrowsWillWrongAndKeepsSocketAndThreadUntilClose()
    {
        using var board = new TestBoard();
        using var scope = board.Enter();
        var endpoint = ServiceEndpoints.Mosquitto;
        var client = new MqttClient(endpoint.Host, endpoint.Port, false, null, null, MqttSslProtocols.None);

        var error = Assert.Throws<MqttClientException>(() => client.Connect(
            "esp32-" + Guid.NewGuid().ToString("N")[..12], null, null, true, MqttQoSLevel.AtLeastOnce, false, "t", null, false, 30));

        Assert.Equal(MqttClientErrorCode.WillWrong, error.ErrorCode);
        Assert.Equal(1, board.Board.OpenSockets);
        Assert.Equal(1, board.Board.LiveThreads);
        client.Close();
        Assert.Equal(0, board.Board.OpenSockets);
        Assert.True(SpinWait.SpinUntil(() => board.Board.LiveThreads == 0, TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [InlineData(null, "m")]
    [InlineData("t", null)]
    [InlineData("t", "")]
    [InlineData("", "m")]
    public void Connect_WillFlagWithoutTopicOrMessage_ThrowsWillWrong(string? topic, string? message)
    {
        using var board = new TestBoard();
        using var scope = board.Enter();
        var endpoint = ServiceEndpoints.Mosquitto;
        var client = new MqttClient(endpoint.Host, endpoint.Port, false, null, null, MqttSslProtocols.None);

        var error = Assert.Throws<MqttClientException>(() => client.Connect(
            "esp32-" + Guid.NewGuid().ToString("N")[..12], null, null, false, MqttQoSLevel.AtLeastOnce, true, topic, message, true, 30));

        Assert.Equal(MqttClientErrorCode.WillWrong, error.ErrorCode);
        client.Close();
    }

    [Fact]
    public void Connect_BrokerRefusesTheSocket_ThrowsConnectionExceptionWithNothingStarted()
    {
        using var board = new TestBoard();
        using var scope = board.Enter();
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var client = new MqttClient("127.0.0.1", port, false, null, null, MqttSslProtocols.None);

        Assert.Throws<MqttConnectionException>(() => client.Connect("esp32-refused"));

        Assert.Equal(0, board.Board.OpenSockets);
        Assert.Equal(0, board.Board.LiveThreads);
    }

    [Fact]
    public void Publish_QoS1_ReturnsIdAtOnceAndRaisesPublishedOnTheDispatchThread()
    {
        using var board = new TestBoard();
        using var scope = board.Enter();
        var endpoint = ServiceEndpoints.Mosquitto;
        MqttAccount account = ServiceEndpoints.MosquittoBoardAccount;
        var client = new MqttClient(endpoint.Host, endpoint.Port, false, null, null, MqttSslProtocols.None);
        Assert.Equal(MqttReasonCode.Success, client.Connect("esp32-" + Guid.NewGuid().ToString("N")[..12], account.User, account.Password));
        var published = new ManualResetEventSlim();
        ushort acked = 0;
        string? thread = null;
        client.MqttMsgPublished += (_, e) =>
        {
            acked = e.MessageId;
            thread = Thread.CurrentThread.Name;
            published.Set();
        };

        ushort first = client.Publish("iot/t/" + Guid.NewGuid().ToString("N") + "/telemetry", [1], null, null, MqttQoSLevel.AtLeastOnce, false);
        Assert.True(published.Wait(TimeSpan.FromSeconds(20)));

        Assert.Equal(1, first);
        Assert.Equal(first, acked);
        Assert.Equal("m2mqtt-dispatch", thread);
        client.Disconnect();
    }

    [Fact]
    public async Task Connect_WrongPassword_ReturnsTheRefusalCodeAndKeepsTheClientOpen()
    {
        await using var broker = await PrivateBroker.StartAsync(("u1", "right-" + Guid.NewGuid().ToString("N")));
        using var board = new TestBoard();
        using var scope = board.Enter();
        var client = new MqttClient(broker.Host, broker.Port, false, null, null, MqttSslProtocols.None);

        MqttReasonCode code = client.Connect("esp32-refused", "u1", "wrong");

        Assert.Equal(MqttReasonCode.ConnectionRefusedNotAuthorized, code);
        Assert.False(client.IsConnected);
        Assert.Equal(1, board.Board.OpenSockets); // as in M2Mqtt: the caller must Close a refused client
        client.Close();
        Assert.Equal(0, board.Board.OpenSockets);
    }

    [Fact]
    public async Task Connect_TlsWithAnotherCa_ThrowsConnectionExceptionBeforeAnyThreadAndLeavesTheSocketToClose()
    {
        TestCertificates otherCa = await TestCertificates.CreateAsync();
        await using PrivateMosquitto broker = await PrivateMosquitto.StartAsync(tls: await TestCertificates.CreateAsync());
        using var board = new TestBoard();
        using var scope = board.Enter();
        var client = new MqttClient(broker.Host, broker.TlsPort, true, X509CertificateLoader.LoadCertificateFromFile(otherCa.CaFile), null, MqttSslProtocols.TLSv1_2);

        var refused = Assert.Throws<MqttConnectionException>(() => client.Connect("esp32-wrong-ca"));

        Assert.IsType<System.Security.Authentication.AuthenticationException>(refused.InnerException);
        Assert.Equal(0, board.Board.LiveThreads);
        Assert.Equal(1, board.Board.OpenSockets); // MqttNetworkChannel leaves the socket to Close
        client.Close();
        Assert.Equal(0, board.Board.OpenSockets);
    }

    [Fact]
    public void Publish_WildcardInTopic_ThrowsTopicWildcard()
    {
        using var board = new TestBoard();
        using var scope = board.Enter();
        var client = new MqttClient("127.0.0.1");

        var error = Assert.Throws<MqttClientException>(() => client.Publish("iot/+/x", [1]));

        Assert.Equal(MqttClientErrorCode.TopicWildcard, error.ErrorCode);
    }
}
