using System.Diagnostics;
using System.Globalization;

namespace IotStack.TestServices;

/// <summary>
/// A Mosquitto of the test's own, for tests that kill or restart the broker (never the shared one from tools/test.sh).
/// It runs in the foreground as a child process, so <see cref="Kill"/> is a real SIGKILL, and restarts on the same port
/// and persistence folder. By default it carries the queue and persistence settings the project ships
/// (gateway/deploy/mosquitto/iotstack-gateway.conf), the same ones tools/test.sh gives the shared broker, and like it
/// refuses anonymous clients: connect with <see cref="Account"/> (gateway rights) or <see cref="BoardAccount"/>.
/// </summary>
public sealed class PrivateMosquitto : IAsyncDisposable
{
    public const string GatewayConfig = "gateway/deploy/mosquitto/iotstack-gateway.conf";

    private readonly string _dir;
    private Process? _process;

    private readonly TestBrokerAccounts? _accounts;

    private PrivateMosquitto(string dir, int port, int tlsPort, TestBrokerAccounts? accounts)
    {
        _dir = dir;
        Port = port;
        TlsPort = tlsPort;
        _accounts = accounts;
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    /// <summary>The MQTT over TLS listener's port (started with certificates), else 0.</summary>
    public int TlsPort { get; }

    public string LogPath => Path.Combine(_dir, "mosquitto.log");

    /// <summary>Mosquitto's persistence file (persistence_location + its default persistence_file).</summary>
    private string DatabasePath => Path.Combine(_dir, "data", "mosquitto.db");

    /// <summary>The account with the gateway's rights (every topic); absent when the test gave its own access lines.</summary>
    public MqttAccount Account => _accounts?.Gateway ?? throw new InvalidOperationException("this broker was started with the test's own access configuration");

    /// <summary>The board role: board → gateway topics to write, command and OTA topics to read (<see cref="TestBrokerAccounts"/>).</summary>
    public MqttAccount BoardAccount => _accounts?.Board ?? throw new InvalidOperationException("this broker was started with the test's own access configuration");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The broker's process id (to send it SIGHUP, which makes Mosquitto reload its password and ACL files).</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("private mosquitto is not running");

    /// <param name="extraConfig">Lines appended to the configuration; null = the project's <see cref="GatewayConfig"/>.</param>
    /// <param name="tls">With certificates, a second listener (<see cref="TlsPort"/>) speaks MQTT over TLS with them.</param>
    /// <param name="access">
    /// Authentication lines (allow_anonymous, password_file, acl_file) instead of the two test accounts, for tests of
    /// access files themselves; Mosquitto refuses a second password_file, so these replace rather than add.
    /// </param>
    public static async Task<PrivateMosquitto> StartAsync(string? extraConfig = null, TestCertificates? tls = null, string? access = null)
    {
        string dir = Directory.CreateTempSubdirectory("iotstack-mqtt-").FullName;
        Directory.CreateDirectory(Path.Combine(dir, "data"));
        int port = LocalPorts.Free();
        int tlsPort = tls is null ? 0 : LocalPorts.Free();
        TestBrokerAccounts? accounts = access is null ? await TestBrokerAccounts.WriteAsync(dir) : null;
        string config = string.Join('\n',
            Environment.UserName == "root" ? "user root" : "",   // as root mosquitto otherwise drops to `mosquitto` and cannot write here
            $"listener {port.ToString(CultureInfo.InvariantCulture)} 127.0.0.1",
            access ?? accounts!.Config,
            $"persistence_location {dir}/data/",
            $"log_dest file {dir}/mosquitto.log",
            "log_type all",
            extraConfig ?? File.ReadAllText(RepositoryFiles.PathOf(GatewayConfig)),
            tls is null ? "" : TlsListener(tlsPort, tls),
            "");
        await File.WriteAllTextAsync(Path.Combine(dir, "mosquitto.conf"), config);
        var broker = new PrivateMosquitto(dir, port, tlsPort, accounts);
        await broker.StartAgainAsync();
        return broker;
    }

    /// <summary>Starts the broker (again) on the same port and persistence folder.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo("mosquitto", ["-c", Path.Combine(_dir, "mosquitto.conf")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (!await LocalPorts.WaitOpenAsync(Port, TimeSpan.FromSeconds(20)) || (TlsPort > 0 && !await LocalPorts.WaitOpenAsync(TlsPort, TimeSpan.FromSeconds(20))))
        {
            throw new InvalidOperationException($"private mosquitto did not open port {Port}: {Log()}");
        }
    }

    /// <summary>Mosquitto's per-listener TLS settings (they follow their `listener` line), as gateway/deploy/mosquitto documents them.</summary>
    private static string TlsListener(int port, TestCertificates tls) => string.Join('\n',
        $"listener {port.ToString(CultureInfo.InvariantCulture)} 127.0.0.1",
        $"cafile {tls.CaFile}",
        $"certfile {tls.CertificateFile}",
        $"keyfile {tls.KeyFile}",
        "tls_version tlsv1.2");

    /// <summary>SIGKILL: no persistence write, the way a crash or power loss ends it.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            await p.WaitForExitAsync();
        }
    }

    /// <summary>
    /// SIGUSR1: Mosquitto writes its persistence file now (mosquitto(8), Signals), as its autosave would within
    /// autosave_interval; waits until the file is in place. A test that crashes the broker calls this first to stand for
    /// a broker that has run for longer than one autosave. The log line comes before the write (Mosquitto writes
    /// mosquitto.db.new, then renames it), so the log alone let a SIGKILL on a loaded machine land mid-write and the
    /// broker restart with no sessions at all.
    /// </summary>
    public async Task SaveAsync()
    {
        if (_process is not { HasExited: false } p)
        {
            return;
        }

        long from = new FileInfo(LogPath).Length;
        DateTime before = File.Exists(DatabasePath) ? File.GetLastWriteTimeUtc(DatabasePath) : DateTime.MinValue;
        using (Process signal = Process.Start("kill", ["-USR1", p.Id.ToString(CultureInfo.InvariantCulture)])!)
        {
            await signal.WaitForExitAsync();
        }

        long start = Stopwatch.GetTimestamp();
        while (!SavedSince(from) || File.Exists(DatabasePath + ".new") || !File.Exists(DatabasePath)
               || File.GetLastWriteTimeUtc(DatabasePath) <= before)
        {
            if (Stopwatch.GetElapsedTime(start) > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"mosquitto did not save its persistence file: {Log()}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>SIGTERM: Mosquitto writes its persistence file and exits.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } p)
        {
            using var kill = Process.Start("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill!.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await p.WaitForExitAsync(timeout.Token);
        }
    }

    private bool SavedSince(long offset)
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Contains("Saving in-memory database", StringComparison.Ordinal);
    }

    public string Log() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "(no log)";

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        try
        {
            if (Environment.GetEnvironmentVariable("IOTSTACK_KEEP_TEMP") is not null)
            {
                return;   // kept for a post-mortem, like the tests' TempDirectory
            }

            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
