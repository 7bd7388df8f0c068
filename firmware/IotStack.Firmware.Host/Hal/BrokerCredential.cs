namespace IotStack.Firmware.Host.Hal;

/// <summary>A board's broker user name and secret (MQTT CONNECT, §3.1.3.5-3.1.3.6); the secret is never printed.</summary>
internal sealed record BrokerCredential(string User, string Secret)
{
    public override string ToString() => User;
}
