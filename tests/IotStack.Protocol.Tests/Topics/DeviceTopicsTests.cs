using IotStack.Protocol;

namespace IotStack.Protocol.Tests.Topics;

public sealed class DeviceTopicsTests
{
    [Fact]
    public void Constructor_ValidIds_BuildsSchemeTopics()
    {
        var topics = new DeviceTopics("plant-1", "dev-007");

        Assert.Equal("iot/plant-1/dev-007/telemetry", topics.Telemetry);
        Assert.Equal("iot/plant-1/dev-007/status", topics.Status);
        Assert.Equal("iot/plant-1/dev-007/cmd/reply", topics.CommandReply);
        Assert.Equal("iot/plant-1/dev-007/ota/chunk", topics.OtaChunk);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("+")]
    [InlineData("#")]
    [InlineData("$SYS")]
    [InlineData("")]
    [InlineData("white space")]
    public void Constructor_IdWithMqttSpecialCharacters_Throws(string device) =>
        Assert.Throws<ArgumentException>(() => new DeviceTopics("fleet", device));

    [Fact]
    public void Parse_EveryKind_RoundTripsThroughSuffix()
    {
        var topics = new DeviceTopics("f", "d1");
        foreach (var (topic, kind) in new[]
        {
            (topics.Telemetry, TopicKind.Telemetry), (topics.Finding, TopicKind.Finding), (topics.Log, TopicKind.Log),
            (topics.Status, TopicKind.Status), (topics.Command, TopicKind.Command), (topics.CommandReply, TopicKind.CommandReply),
            (topics.OtaOffer, TopicKind.OtaOffer), (topics.OtaRequest, TopicKind.OtaRequest), (topics.OtaChunk, TopicKind.OtaChunk),
            (topics.OtaProgress, TopicKind.OtaProgress),
        })
        {
            Assert.Equal(kind, DeviceTopics.Parse(topic, out var fleet, out var device));
            Assert.Equal(("f", "d1"), (fleet, device));
        }
    }

    [Theory]
    [InlineData("iot/f/d1")]
    [InlineData("iot/f/d1/unknown")]
    [InlineData("other/f/d1/telemetry")]
    [InlineData("iot/f/d+1/telemetry")]
    [InlineData("iot//d1/telemetry")]
    public void Parse_ForeignTopic_ReturnsUnknown(string topic)
    {
        Assert.Equal(TopicKind.Unknown, DeviceTopics.Parse(topic, out var fleet, out var device));
        Assert.Null(fleet);
        Assert.Null(device);
    }

    [Fact]
    public void SharedGatewayFilter_UsesMqtt5ShareSyntax() =>
        Assert.Equal("$share/gw/iot/+/+/telemetry", DeviceTopics.SharedGatewayFilter("gw", TopicKind.Telemetry));
}
