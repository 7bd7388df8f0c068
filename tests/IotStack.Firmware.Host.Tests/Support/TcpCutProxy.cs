using System.Net;
using System.Net.Sockets;

namespace IotStack.Firmware.Host.Tests.Support;

/// <summary>
/// A loopback TCP relay in front of the broker that a test can cut (every connection reset, new ones refused) and
/// restore on the same port: a broker outage as the board's network sees it, without touching the shared broker.
/// </summary>
internal sealed class TcpCutProxy : IAsyncDisposable
{
    private readonly IPEndPoint target;
    private readonly List<TcpClient> open = [];
    private readonly object gate = new();
    private TcpListener? listener;
    private CancellationTokenSource? accepting;

    public TcpCutProxy(string host, int port)
    {
        target = new IPEndPoint(IPAddress.Parse(host), port);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Restore();
    }

    public int Port { get; }

    public bool IsCut { get; private set; }

    /// <summary>Resets every relayed connection and closes the port, so connects are refused.</summary>
    public void Cut()
    {
        lock (gate)
        {
            IsCut = true;
            accepting?.Cancel();
            listener?.Stop();
            listener = null;
            foreach (TcpClient client in open)
            {
                try
                {
                    client.Client?.LingerState = new LingerOption(true, 0); // RST, as a dead link eventually looks
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    // Already closed by its pump.
                }

                client.Dispose();
            }

            open.Clear();
        }
    }

    public void Restore()
    {
        lock (gate)
        {
            IsCut = false;
            listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            accepting = new CancellationTokenSource();
            _ = AcceptLoopAsync(listener, accepting.Token);
        }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptLoopAsync(TcpListener server, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await server.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }

            lock (gate)
            {
                if (IsCut)
                {
                    inbound.Dispose();
                    outbound.Dispose();
                    return;
                }

                open.Add(inbound);
                open.Add(outbound);
            }

            _ = PumpAsync(inbound, outbound);
            _ = PumpAsync(outbound, inbound);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        var buffer = new byte[16384];
        try
        {
            NetworkStream source = from.GetStream();
            NetworkStream sink = to.GetStream();
            int read;
            while ((read = await source.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                await sink.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // One side went away: close the other too.
        }

        from.Dispose();
        to.Dispose();
    }
}
