using System.Device.Wifi;
using IotStack.Firmware.Esp32.Emulation.Board;

namespace nanoFramework.Networking;

/// <summary>
/// nanoFramework's Wi-Fi helper on the board's emulated link: ConnectDhcp returns true once the access point is there
/// (at once when it is up), false when the token expires first, with <see cref="Status"/> saying why. The host clock
/// is always valid, so requiresDateTime never waits for SNTP.
/// </summary>
public static class WifiNetworkHelper
{
    private const int PollMs = 20;

    [ThreadStatic]
    private static NetworkHelperStatus status;

    public static NetworkHelperStatus Status => status;

    public static bool ConnectDhcp(
        string ssid,
        string password,
        WifiReconnectionKind reconnectionKind = WifiReconnectionKind.Automatic,
        bool requiresDateTime = false,
        int wifiAdapterId = 0,
        CancellationToken token = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ssid);
        EmulatedBoard board = BoardContext.Board;
        while (!board.WifiUp)
        {
            if (token.IsCancellationRequested)
            {
                status = NetworkHelperStatus.TokenExpiredWaitingIPAddress;
                return false;
            }

            token.WaitHandle.WaitOne(PollMs);
        }

        status = NetworkHelperStatus.NetworkIsReady;
        return true;
    }
}
