using System.Diagnostics;
using System.Globalization;

namespace IotStack.TestServices;

/// <summary>
/// A PostgreSQL cluster of the test's own (initdb in a temporary folder), for tests that stop and start the database;
/// never the shared one. Like tools/test.sh it runs as the package's `postgres` user through runuser (PostgreSQL refuses
/// root), so it needs root, as the whole suite does.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _dir;
    private readonly string _bin;

    private PrivatePostgres(string dir, string bin, int port)
    {
        _dir = dir;
        _bin = bin;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=iot;Database=postgres;Timeout=5;Command Timeout=10";

    public static async Task<PrivatePostgres> StartAsync()
    {
        string bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderBy(d => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out Version? v) ? v : new Version(0, 0))
            .LastOrDefault() ?? throw new InvalidOperationException("PostgreSQL binaries not found under /usr/lib/postgresql");
        string dir = Directory.CreateTempSubdirectory("iotstack-pg-").FullName;
        await RunAsync("chown", "postgres:postgres", dir);
        await RunAsync("chmod", "755", dir);
        var pg = new PrivatePostgres(dir, bin, LocalPorts.Free());
        await RunAsync("runuser", "-u", "postgres", "--", Path.Combine(bin, "initdb"), "-D", Path.Combine(dir, "data"), "-U", "iot",
            "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        await pg.StartAgainAsync();
        return pg;
    }

    public Task StartAgainAsync() =>
        RunAsync("runuser", "-u", "postgres", "--", Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_dir, "data"), "-l", Path.Combine(_dir, "pg.log"),
            "-w", "-t", "30", "-o", $"-p {Port.ToString(CultureInfo.InvariantCulture)} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start");

    /// <summary>Fast shutdown: open connections are terminated (clients see 57P01, then connection refused).</summary>
    public Task StopAsync() =>
        RunAsync("runuser", "-u", "postgres", "--", Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_dir, "data"), "-m", "fast", "-w", "-t", "30", "stop");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { WorkingDirectory = "/", RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await output}{await error}");
        }
    }
}
