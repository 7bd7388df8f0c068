using IotStack.Maintenance.Audit;
using IotStack.Maintenance.Commands;
using IotStack.Maintenance.Connections;
using IotStack.Maintenance.FanOut;
using IotStack.Maintenance.Hosts;
using IotStack.TestServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace IotStack.Maintenance.Tests.Support;

/// <summary>The maintenance object graph wired as AddMaintenance does, against the live test sshd, with a counting connection factory.</summary>
internal sealed class MaintenanceHarness : IDisposable
{
    private readonly TempDirectory _temp = new();

    public MaintenanceHarness(IEnumerable<HostOptions> hosts, TimeProvider? time = null, Action<MaintenanceOptions>? configure = null)
    {
        Time = time ?? TimeProvider.System;
        Options = new MaintenanceOptions
        {
            Hosts = hosts.ToList(),
            ConnectTimeout = TimeSpan.FromSeconds(8),
            CommandTimeout = TimeSpan.FromSeconds(10),
            TailRoots = [Ssh.WorkDir],
            AuditDatabase = _temp.File("audit.db"),
            LogDatabase = _temp.File("logs.db"),
        };
        configure?.Invoke(Options);
        Inventory = new HostInventory(Options.Hosts);
        Catalog = new CommandCatalog(Options.TailRoots);
        Connections = new CountingConnectionFactory(new SshNetConnectionFactory(Options, NullLogger<SshNetConnectionFactory>.Instance));
        Pool = new SshConnectionPool(Connections, Options);
        Audit = new SqliteAuditLog(Options.AuditDatabase);
        Runner = new HostCommandRunner(Inventory, Catalog, Pool, Audit, Options, Time, NullLogger<HostCommandRunner>.Instance);
    }

    public static SshEndpoint Ssh => ServiceEndpoints.Ssh;

    public TimeProvider Time { get; }

    public MaintenanceOptions Options { get; }

    public HostInventory Inventory { get; }

    public CommandCatalog Catalog { get; }

    public CountingConnectionFactory Connections { get; }

    public SshConnectionPool Pool { get; }

    public SqliteAuditLog Audit { get; }

    public HostCommandRunner Runner { get; }

    public string TempPath => _temp.Path;

    public static HostOptions LiveHost(string name, params string[] groups) => new()
    {
        Name = name,
        Address = Ssh.Host,
        Port = Ssh.Port,
        User = Ssh.User,
        KeyFile = Ssh.PrivateKeyPath,
        HostKeyFingerprint = Ssh.HostKeyFingerprint,
        Groups = groups.ToList(),
    };

    public FanOutJob FanOut(FanOutRequest request) => new(request, Runner, Options, Time, NullLogger<FanOutJob>.Instance);

    /// <summary>Lines the fake systemctl wrote so far (it appends "uid=0 systemctl ARGS" per call).</summary>
    public static string[] SystemctlCalls() => File.Exists(Ssh.SystemctlLogPath) ? File.ReadAllLines(Ssh.SystemctlLogPath) : [];

    /// <summary>A unit name no other test uses, so counting its lines in the shared systemctl log is exact.</summary>
    public static string UniqueUnit(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)] + ".service";

    public void Dispose()
    {
        Pool.Dispose();
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }
}
