namespace IotStack.TestServices;

/// <summary>A broker user name and password for MQTT CONNECT. <see cref="ToString"/> names the user only.</summary>
public sealed record MqttAccount(string User, string Password)
{
    public override string ToString() => User;
}
