using System.Diagnostics;
using System.Globalization;
using System.Net;
using IotStack.TestServices;

namespace IotStack.Gateway.Tests.Chaos;

/// <summary>
/// The built <c>iotstack gateway</c> as a child process, so the chaos tests can SIGKILL it and read its memory from
/// /proc the way an operator would. Output goes to a log file in the test's folder (shown when an assertion fails).
/// Settings are the same <c>IotStack:*</c> keys the in-process <see cref="Support.TestGateway"/> takes, passed as
/// <c>--IotStack:Key=value</c>; broker credentials, when the suite runs authenticated, go in the same way.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;
    private readonly string _logPath;
    private Process? _process;

    private GatewayProcess(Dictionary<string, string?> settings, string logPath, int httpPort)
    {
        _settings = settings;
        _logPath = logPath;
        HttpPort = httpPort;
    }

    public int HttpPort { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort.ToString(CultureInfo.InvariantCulture)}/");

    public int Pid => _process?.Id ?? 0;

    public bool IsAlive => _process is { HasExited: false };

    public int Starts { get; private set; }

    /// <summary>Starts the gateway and waits until it answers /health (ok or degraded: the process is up).</summary>
    public static async Task<GatewayProcess> StartAsync(string folder, Dictionary<string, string?> settings)
    {
        int http = LocalPorts.Free();
        var all = new Dictionary<string, string?>(settings)
        {
            ["IotStack:Http:Urls"] = $"http://127.0.0.1:{http.ToString(CultureInfo.InvariantCulture)}",
            ["IotStack:Broker:ReconnectDelay"] = "00:00:00.200",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var gateway = new GatewayProcess(all, Path.Combine(folder, "gateway.log"), http);
        await gateway.StartAgainAsync();
        return gateway;
    }

    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(_logPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "iotstack.dll"));
        start.ArgumentList.Add("gateway");
        foreach (var (key, value) in _settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        // Workstation GC, as on a small gateway box: the memory bound below is about the gateway's data, not GC heaps per core.
        start.Environment["DOTNET_gcServer"] = "0";
        Process process = Process.Start(start) ?? throw new InvalidOperationException("iotstack gateway did not start");
        var log = new StreamWriter(_logPath, append: true) { AutoFlush = true };
        await log.WriteLineAsync($"--- start {++Starts} (pid {process.Id.ToString(CultureInfo.InvariantCulture)})");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        _process = process;

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        long started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(120))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"gateway exited with {process.ExitCode.ToString(CultureInfo.InvariantCulture)} during start-up:\n{Log()}");
            }

            try
            {
                using HttpResponseMessage health = await http.GetAsync(new Uri("health", UriKind.Relative));
                return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"gateway did not answer /health within 120 s:\n{Log()}");
    }

    /// <summary>SIGKILL: no stop, no flush, exactly a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            await p.WaitForExitAsync();
        }
    }

    /// <summary>Resident memory of the child right now, from /proc/PID/status (VmRSS).</summary>
    public long RssBytes() => ProcStatus.RssBytes(Pid);

    public async Task<HttpStatusCode> HealthAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using HttpResponseMessage response = await http.GetAsync(new Uri("health", UriKind.Relative));
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
        catch (TaskCanceledException)
        {
            return 0;
        }
    }

    /// <summary>The /health body (503 while degraded: it names the failing dependencies).</summary>
    public async Task<string> HealthBodyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using HttpResponseMessage response = await http.GetAsync(new Uri("health", UriKind.Relative));
            return await response.Content.ReadAsStringAsync();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return "";
        }
    }

    public string Log()
    {
        try
        {
            using var stream = new FileStream(_logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            string text = reader.ReadToEnd();
            return text.Length <= 8000 ? text : text[^8000..];
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } p)
        {
            using var term = Process.Start("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)]);
            await term!.WaitForExitAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await p.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                p.Kill(entireProcessTree: true);
            }
        }

        _process?.Dispose();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }
}
