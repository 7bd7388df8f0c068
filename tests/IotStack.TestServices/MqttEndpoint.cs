namespace IotStack.TestServices;

public sealed record MqttEndpoint(string Host, int Port)
{
    public static MqttEndpoint Parse(string hostPort)
    {
        var colon = hostPort.LastIndexOf(':');
        return new MqttEndpoint(hostPort[..colon], int.Parse(hostPort[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    public override string ToString() => $"{Host}:{Port}";
}
