using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using IotStack.TestServices;

namespace IotStack.Firmware.Esp32.Tests.Support;

/// <summary>
/// A Mosquitto of the test's own, with persistence, for tests that restart or stop the broker (the shared one stays
/// up for everyone else). A restart is a clean stop (SIGTERM, which saves the database) and a start on the same port.
/// </summary>
internal sealed class PrivateBroker : IAsyncDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("iotstack-esp32-mqtt-").FullName;
    private readonly Dictionary<string, string> users = new(StringComparer.Ordinal);
    private TestBrokerAccounts? defaults;
    private Process? process;

    private PrivateBroker(int port) => Port = port;

    public string Host => "127.0.0.1";

    public int Port { get; }

    public string Secret(string user) => users[user];

    /// <summary>Started without accounts: the test broker's gateway-rights account (<see cref="TestBrokerAccounts"/>).</summary>
    public MqttAccount Account => defaults?.Gateway ?? throw new InvalidOperationException("started with the test's own accounts");

    /// <summary>Started without accounts: the board-role account.</summary>
    public MqttAccount BoardAccount => defaults?.Board ?? throw new InvalidOperationException("started with the test's own accounts");

    /// <summary>
    /// Starts a broker that refuses anonymous clients: with the given users (each needs its password, every topic
    /// open to them), or else with the two test accounts and their topic rules, as tools/test.sh's shared broker.
    /// </summary>
    public static async Task<PrivateBroker> StartAsync(params (string User, string Secret)[] accounts)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var broker = new PrivateBroker(port);
        Directory.CreateDirectory(Path.Combine(broker.dir, "data"));
        string access;
        if (accounts.Length == 0)
        {
            broker.defaults = await TestBrokerAccounts.WriteAsync(broker.dir);
            access = broker.defaults.Config;
        }
        else
        {
            string passwords = Path.Combine(broker.dir, "passwords");
            foreach ((string user, string secret) in accounts)
            {
                broker.users[user] = secret;
                string[] create = File.Exists(passwords) ? ["-b", passwords, user, secret] : ["-c", "-b", passwords, user, secret];
                using Process tool = Process.Start(new ProcessStartInfo("mosquitto_passwd", create) { RedirectStandardOutput = true, RedirectStandardError = true })
                    ?? throw new InvalidOperationException("mosquitto_passwd did not start");
                await tool.WaitForExitAsync();
            }

            access = $"allow_anonymous false\npassword_file {passwords}\n";
        }

        await File.WriteAllTextAsync(
            Path.Combine(broker.dir, "mosquitto.conf"),
            $"user root\nlistener {port} 127.0.0.1\n{access}persistence true\npersistence_location {broker.dir}/data/\nmax_queued_messages 0\n");
        await broker.StartProcessAsync();
        return broker;
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartProcessAsync();
    }

    /// <summary>SIGTERM and wait: Mosquitto writes its database and exits.</summary>
    public async Task StopAsync()
    {
        if (process is { HasExited: false })
        {
            Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(timeout.Token);
        }

        process?.Dispose();
        process = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        Directory.Delete(dir, recursive: true);
    }

    private async Task StartProcessAsync()
    {
        process = Process.Start(new ProcessStartInfo("mosquitto", ["-c", Path.Combine(dir, "mosquitto.conf")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
        }) ?? throw new InvalidOperationException("mosquitto did not start");
        process.StandardInput.Close();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
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
}
