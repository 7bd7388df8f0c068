using IotStack.Firmware.Host.Hal;
using IotStack.TestServices;

namespace IotStack.Firmware.Host.Tests.Support;

internal static class MqttAccountExtensions
{
    /// <summary>A test broker's account as the board transport takes it.</summary>
    public static BrokerCredential AsCredential(this MqttAccount account) => new(account.User, account.Password);
}
