using IotStack.Firmware.Host.Hal;
using IotStack.Gateway.Broker.Access;
using Microsoft.Extensions.DependencyInjection;

namespace IotStack.Console.Tests.Support;

/// <summary>Each virtual board its own broker credential from the test gateway's store, as `iotstack devices add` issues them.</summary>
internal static class BoardCredentials
{
    public static Func<string, BrokerCredential?> For(IServiceProvider services, string fleet)
    {
        var store = services.GetRequiredService<DeviceCredentialStore>();
        return device => new BrokerCredential(DeviceCredential.UserNameOf(fleet, device), store.Issue(fleet, device));
    }
}
