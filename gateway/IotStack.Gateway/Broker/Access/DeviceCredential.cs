namespace IotStack.Gateway.Broker.Access;

/// <summary>One board's broker identity: its user name (and MQTT client id) is <c>{fleet}.{device}</c>, as the firmware core names its client.</summary>
internal sealed record DeviceCredential(string Fleet, string Device, string SecretHash)
{
    public string UserName => UserNameOf(Fleet, Device);

    public static string UserNameOf(string fleet, string device) => fleet + "." + device;
}
