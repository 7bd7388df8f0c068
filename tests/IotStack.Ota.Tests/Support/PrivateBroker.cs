using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using IotStack.TestServices;

namespace IotStack.Ota.Tests.Support;

/// <summary>
/// A Mosquitto of the test's own (same binary tools/test.sh uses), for tests that stop the broker:
/// the shared one must stay up for everyone else. Persistence off; loopback only. Anonymous clients are refused; the
/// two accounts and their topic rules are the shared broker's (<see cref="TestBrokerAccounts"/>).
/// </summary>
internal sealed class PrivateBroker : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("iotstack-mqtt-").FullName;
    private Process? _process;
    private TestBrokerAccounts? _accounts;

    private PrivateBroker(int port) => Port = port;

    /// <summary>The gateway's rights (OTA link).</summary>
    public MqttAccount Account => _accounts!.Gateway;

    /// <summary>The board role (virtual boards).</summary>
    public MqttAccount BoardAccount => _accounts!.Board;

    public string Host => "127.0.0.1";

    public int Port { get; }

    public static async Task<PrivateBroker> StartAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var broker = new PrivateBroker(port);
        broker._accounts = await TestBrokerAccounts.WriteAsync(broker._dir);
        await File.WriteAllTextAsync(Path.Combine(broker._dir, "mosquitto.conf"), $"user root\nlistener {port} 127.0.0.1\n{broker._accounts.Config}set_tcp_nodelay true\nmax_queued_messages 10000\n");
        await broker.RestartAsync();
        return broker;
    }

    public async Task RestartAsync()
    {
        _process = Process.Start(new ProcessStartInfo("mosquitto", ["-c", Path.Combine(_dir, "mosquitto.conf")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
        }) ?? throw new InvalidOperationException("mosquitto did not start");
        _process.StandardInput.Close();
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(Host, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"mosquitto did not listen on {Port}");
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
