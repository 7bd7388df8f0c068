namespace IotStack.Gateway.Options;

internal enum BrokerMode
{
    /// <summary>An MQTTnet server inside the gateway process (demo, single-box installs).</summary>
    Embedded,

    /// <summary>An external broker (Mosquitto); several gateways may share it through a shared subscription.</summary>
    External,
}
