using IotStack.Firmware.Host.Hal;

namespace IotStack.Firmware.Host.Tests.Hal;

public sealed class TopicFilterTests
{
    [Theory]
    [InlineData("iot/f/d/cmd", "iot/f/d/cmd", true)]
    [InlineData("iot/f/d/cmd", "iot/f/d/cmd/reply", false)]
    [InlineData("iot/+/+/cmd", "iot/f/d/cmd", true)]
    [InlineData("iot/+/+/cmd", "iot/f/d/ota/offer", false)]
    [InlineData("iot/f/d/#", "iot/f/d/ota/chunk", true)]
    [InlineData("iot/f/d/#", "iot/f/d", true)]
    [InlineData("iot/f/d/ota/+", "iot/f/d/ota", false)]
    [InlineData("#", "$SYS/broker", false)]
    [InlineData("iot/f/dd/cmd", "iot/f/d/cmd", false)]
    public void Matches_Mqtt311Rules(string filter, string topic, bool expected)
    {
        Assert.Equal(expected, TopicFilter.Matches(filter, topic));
    }
}
