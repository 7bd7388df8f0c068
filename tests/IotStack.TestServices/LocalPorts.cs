using System.Net;
using System.Net.Sockets;

namespace IotStack.TestServices;

/// <summary>Loopback ports for services a test starts itself.</summary>
public static class LocalPorts
{
    /// <summary>A port free right now (the OS picks it); a service started next binds it.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Waits until something accepts connections on the port.</summary>
    public static async Task<bool> WaitOpenAsync(int port, TimeSpan limit)
    {
        long start = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(start) < limit)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        return false;
    }
}
