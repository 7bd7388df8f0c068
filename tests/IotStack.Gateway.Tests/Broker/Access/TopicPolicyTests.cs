using IotStack.Gateway.Broker.Access;

namespace IotStack.Gateway.Tests.Broker.Access;

public sealed class TopicPolicyTests
{
    private static readonly MqttPrincipal Board = MqttPrincipal.Board("plant", "b1");

    [Theory]
    [InlineData("iot/plant/b1/telemetry", true)]
    [InlineData("iot/plant/b1/status", true)]
    [InlineData("iot/plant/b1/cmd/reply", true)]
    [InlineData("iot/plant/b1/ota/progress", true)]
    [InlineData("iot/plant/b1/cmd", false)]            // only the gateway sends commands (reboot, thresholds)
    [InlineData("iot/plant/b1/ota/offer", false)]
    [InlineData("iot/plant/b1/ota/chunk", false)]
    [InlineData("iot/plant/b2/telemetry", false)]      // another board's data
    [InlineData("iot/plant/b2/status", false)]         // another board's retained offline status
    [InlineData("iot/other/b1/telemetry", false)]      // same device id, other fleet
    [InlineData("iotstack/gateway/owner/x", false)]
    [InlineData("anything", false)]
    public void MayPublish_Board_OnlyItsOwnBoardToGatewayTopics(string topic, bool allowed) =>
        Assert.Equal(allowed, TopicPolicy.MayPublish(Board, topic));

    [Theory]
    [InlineData("iot/plant/b1/cmd", true)]
    [InlineData("iot/plant/b1/ota/offer", true)]
    [InlineData("iot/plant/b1/ota/chunk", true)]
    [InlineData("#", false)]
    [InlineData("iot/#", false)]
    [InlineData("iot/plant/+/cmd", false)]
    [InlineData("iot/plant/b1/#", false)]
    [InlineData("iot/plant/b2/cmd", false)]
    [InlineData("iot/plant/b1/telemetry", false)]
    [InlineData("$share/g/iot/plant/b1/cmd", false)]
    public void MaySubscribe_Board_OnlyItsOwnCommandAndOtaTopicsExactly(string filter, bool allowed) =>
        Assert.Equal(allowed, TopicPolicy.MaySubscribe(Board, filter));

    [Fact]
    public void MayPublishAndSubscribe_Gateway_Everything()
    {
        Assert.True(TopicPolicy.MayPublish(MqttPrincipal.Gateway, "iot/plant/b1/cmd"));
        Assert.True(TopicPolicy.MaySubscribe(MqttPrincipal.Gateway, "$share/g/iot/+/+/telemetry"));
    }
}
