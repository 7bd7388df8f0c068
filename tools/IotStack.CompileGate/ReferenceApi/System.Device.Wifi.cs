// Reference-only declarations of nanoFramework.System.Device.Wifi 1.5.147: the Wi-Fi network helper. WifiAdapter,
// scanning and the IPConfiguration overloads are not declared.
namespace System.Device.Wifi
{
    public enum WifiReconnectionKind
    {
        Automatic,
        Manual,
    }
}

namespace nanoFramework.Networking
{
    public static class WifiNetworkHelper
    {
        public static System.Threading.ManualResetEvent NetworkReady => throw null;
        public static NetworkHelperStatus Status => throw null;
        public static System.Exception HelperException => throw null;
        public static void SetupNetworkHelper(bool requiresDateTime = false) => throw null;
        public static void SetupNetworkHelper(string ssid, string password, System.Device.Wifi.WifiReconnectionKind reconnectionKind = System.Device.Wifi.WifiReconnectionKind.Automatic, bool requiresDateTime = false) => throw null;
        public static void Disconnect() => throw null;
        public static bool ConnectDhcp(string ssid, string password, System.Device.Wifi.WifiReconnectionKind reconnectionKind = System.Device.Wifi.WifiReconnectionKind.Automatic, bool requiresDateTime = false, int wifiAdapterId = 0, System.Threading.CancellationToken token = default) => throw null;
        public static bool ScanAndConnectDhcp(string ssid, string password, System.Device.Wifi.WifiReconnectionKind reconnectionKind = System.Device.Wifi.WifiReconnectionKind.Automatic, bool requiresDateTime = false, int WifiAdapter = 0, System.Threading.CancellationToken token = default) => throw null;
        public static bool Reconnect(bool requiresDateTime = false, int wifiAdapterId = 0, System.Threading.CancellationToken token = default) => throw null;
        public static void Reset() => throw null;
    }
}
