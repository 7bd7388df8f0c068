using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace IotStack.Bench;

/// <summary>
/// CPU time over one measured run, per message, of three parties read from /proc (utime + stime): this process (the
/// publishers and any in-process gateways), the broker's process, and the PostgreSQL backends serving one database.
/// Backends that exit during the run are lost from the sum and ones that start during it count from their start; the
/// gateways keep pooled connections open across a run, so neither happens in practice.
/// </summary>
internal sealed class CpuMeter
{
    private static readonly double TicksPerSecond = ClockTicks();

    private readonly int _brokerPid;
    private readonly string? _database;
    private readonly TimeSpan _self;
    private readonly TimeSpan _broker;
    private readonly Dictionary<int, TimeSpan> _backends;

    private CpuMeter(int brokerPid, string? database, Dictionary<int, TimeSpan> backends)
    {
        _brokerPid = brokerPid;
        _database = database;
        _backends = backends;
        _broker = Of(brokerPid);
        _self = Process.GetCurrentProcess().TotalProcessorTime;
    }

    /// <param name="database">Connection string of the database whose backends to count, or null for none.</param>
    public static async Task<CpuMeter> StartAsync(int brokerPid, string? database) =>
        new(brokerPid, database, database is null ? [] : await BackendsAsync(database).ConfigureAwait(false));

    /// <summary>µs of CPU per message since the start: this process, the broker, the database's backends.</summary>
    public async Task<(double Self, double Broker, double Database)> StopAsync(int messages)
    {
        TimeSpan self = Process.GetCurrentProcess().TotalProcessorTime - _self;
        TimeSpan broker = Of(_brokerPid) - _broker;
        TimeSpan database = TimeSpan.Zero;
        if (_database is not null)
        {
            foreach ((int pid, TimeSpan now) in await BackendsAsync(_database).ConfigureAwait(false))
            {
                database += now - _backends.GetValueOrDefault(pid);
            }
        }

        return (self.TotalMicroseconds / messages, broker.TotalMicroseconds / messages, database.TotalMicroseconds / messages);
    }

    /// <summary>A process's user + system CPU time so far (/proc/PID/stat fields 14 and 15); zero once it has gone.</summary>
    public static TimeSpan Of(int pid)
    {
        string file = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat";
        string stat;
        try
        {
            stat = File.ReadAllText(file);
        }
        catch (IOException)
        {
            return TimeSpan.Zero;
        }

        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>The 1, 5 and 15 minute load averages (/proc/loadavg): other work on the machine while a run measured.</summary>
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]);

    /// <summary>The database's server processes (pg_stat_activity) and their CPU so far; the server runs on this machine.</summary>
    private static async Task<Dictionary<int, TimeSpan>> BackendsAsync(string connectionString)
    {
        var backends = new Dictionary<int, TimeSpan>();
        string unpooled = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(unpooled);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            int pid = reader.GetInt32(0);
            backends[pid] = Of(pid);
        }

        return backends;
    }

    /// <summary>USER_HZ, the unit of /proc's CPU times: 100 on every Linux this runs on, but asked rather than assumed.</summary>
    private static double ClockTicks()
    {
        using Process getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("getconf did not start");
        string output = getconf.StandardOutput.ReadToEnd();
        getconf.WaitForExit();
        return double.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }
}
