namespace IotStack.TestServices.Tests;

public sealed class MqttEndpointTests
{
    [Theory]
    [InlineData("127.0.0.1:1883", "127.0.0.1", 1883)]
    [InlineData("localhost:40123", "localhost", 40123)]
    public void Parse_HostColonPort_SplitsAtLastColon(string text, string host, int port)
    {
        var endpoint = MqttEndpoint.Parse(text);

        Assert.Equal(host, endpoint.Host);
        Assert.Equal(port, endpoint.Port);
        Assert.Equal(text, endpoint.ToString());
    }
}
