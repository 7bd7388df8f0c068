using System.Text;
using IotStack.Gateway.Tests.Support;
using IotStack.Protocol;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace IotStack.Gateway.Tests.Ingest;

/// <summary>
/// An ESP32 (nanoFramework.M2Mqtt takes the will as a string) sends its retained Offline status will in the frame's text
/// form. The gateway decodes it on the status topic like the binary frame: the board is recorded offline when its
/// connection drops without DISCONNECT.
/// </summary>
public sealed class StatusTextFormTests : EmbeddedGatewayTests
{
    private const string Fleet = "textwill";

    [Fact]
    public async Task Will_OfflineStatusInTextForm_BoardRecordedOffline()
    {
        string device = "esp-" + Guid.NewGuid().ToString("N")[..8];
        var topics = new DeviceTopics(Fleet, device);
        var (user, secret) = Gateway.IssueBoard(Fleet, device);
        byte[] offline = Frames.Status(DeviceState.Offline);
        byte[] will = Encoding.UTF8.GetBytes(TextFrame.ToText(offline, 0, offline.Length)); // as M2Mqtt sends the string
        var (host, port) = await Gateway.BrokerAsync();
        IMqttClient board = new MqttClientFactory().CreateMqttClient();
        await board.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(host, port).WithClientId(user).WithCredentials(user, secret)
            .WithProtocolVersion(MqttProtocolVersion.V311).WithWillTopic(topics.Status).WithWillPayload(will).WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await board.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topics.Status).WithPayload(Frames.Status(DeviceState.Online))
            .WithRetainFlag().WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await Eventually.TrueAsync(async () => (await Gateway.Store.ReadDeviceAsync(device, CancellationToken.None))?.State == DeviceState.Online, "board online");

        board.Dispose(); // socket gone without DISCONNECT: the broker publishes the will

        await Eventually.TrueAsync(async () => (await Gateway.Store.ReadDeviceAsync(device, CancellationToken.None))?.State == DeviceState.Offline, "the text-form will recorded the board offline");
    }
}
