using System.Net;

namespace IotStack.Gateway.Options;

/// <summary>Which broker addresses stay on this machine, where plain MQTT is accepted.</summary>
internal static class BrokerAddresses
{
    public static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out IPAddress? address) && IPAddress.IsLoopback(address));

    public static IPAddress? Find(IEnumerable<string> addresses, System.Net.Sockets.AddressFamily family) =>
        addresses.Select(a => IPAddress.TryParse(a, out IPAddress? parsed) ? parsed : null).FirstOrDefault(a => a?.AddressFamily == family);
}
