using BenchmarkDotNet.Attributes;
using IotStack.Maintenance;
using IotStack.Maintenance.Audit;
using IotStack.Maintenance.Commands;
using IotStack.Maintenance.Connections;
using IotStack.Maintenance.FanOut;
using IotStack.Maintenance.Hosts;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace IotStack.Bench;

/// <summary>
/// One template on 50 inventory entries that all point at the local test sshd, so every run opens 50 SSH connections:
/// one after another (baseline) versus a fan-out job with bounded concurrency. Concurrency stays at 8 because sshd's
/// default MaxStartups (10:30:100) starts dropping unauthenticated connections beyond 10.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class FanOutBenchmarks
{
    private const int Hosts = 50;
    private static readonly string[] Variables =
        ["IOTSTACK_TEST_SSH_PORT", "IOTSTACK_TEST_SSH_USER", "IOTSTACK_TEST_SSH_KEY", "IOTSTACK_TEST_SSH_HOSTKEY_FP"];

    private readonly string _dir = Directory.CreateTempSubdirectory("iotstack-fanout-bench-").FullName;
    private MaintenanceOptions _options = null!;
    private SqliteAuditLog _audit = null!;
    private SshConnectionPool? _pool;
    private HostCommandRunner _runner = null!;

    public static string? MissingEnvironment() => Variables.FirstOrDefault(v => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v)));

    [GlobalSetup]
    public void Setup()
    {
        var port = int.Parse(Environment.GetEnvironmentVariable("IOTSTACK_TEST_SSH_PORT")!, System.Globalization.CultureInfo.InvariantCulture);
        _options = new MaintenanceOptions
        {
            Hosts = Enumerable.Range(1, Hosts).Select(i => new HostOptions
            {
                Name = $"bench-{i:00}",
                Address = "127.0.0.1",
                Port = port,
                User = Environment.GetEnvironmentVariable("IOTSTACK_TEST_SSH_USER")!,
                KeyFile = Environment.GetEnvironmentVariable("IOTSTACK_TEST_SSH_KEY")!,
                HostKeyFingerprint = Environment.GetEnvironmentVariable("IOTSTACK_TEST_SSH_HOSTKEY_FP")!,
                Groups = ["bench"],
            }).ToList(),
            ConnectTimeout = TimeSpan.FromSeconds(20),
            CommandTimeout = TimeSpan.FromSeconds(30),
            AuditDatabase = Path.Combine(_dir, "audit.db"),
        };
        _audit = new SqliteAuditLog(_options.AuditDatabase);
    }

    // Fresh pool per iteration: each measured run pays 50 handshakes.
    [IterationSetup(Targets = [nameof(Sequential), nameof(FanOut)])]
    public void NewPool()
    {
        _pool?.Dispose();
        _pool = new SshConnectionPool(new SshNetConnectionFactory(_options, NullLogger<SshNetConnectionFactory>.Instance), _options);
        _runner = new HostCommandRunner(new HostInventory(_options.Hosts), new CommandCatalog(_options.TailRoots), _pool, _audit, _options,
            TimeProvider.System, NullLogger<HostCommandRunner>.Instance);
    }

    [Benchmark(Baseline = true, Description = "50 hosts one after another")]
    public async Task<int> Sequential()
    {
        var ok = 0;
        foreach (var host in _options.Hosts)
        {
            ok += (await _runner.RunAsync(host, "disk-usage", new Dictionary<string, string>(), "bench", CancellationToken.None)).Succeeded ? 1 : 0;
        }

        return Check(ok);
    }

    [Benchmark(Description = "50 hosts fan-out, 8 at a time, canary first")]
    public async Task<int> FanOut()
    {
        var job = new FanOutJob(new FanOutRequest("bench", "disk-usage", new Dictionary<string, string>(), "bench", MaxConcurrency: 8, Retries: 1),
            _runner, _options, TimeProvider.System, NullLogger<FanOutJob>.Instance);
        return Check((await job.RunAsync(null, CancellationToken.None)).Succeeded);
    }

    // Same fan-out over a pool already holding one authenticated session per host: what a second job costs.
    [IterationSetup(Target = nameof(FanOutWarmPool))]
    public void WarmPool()
    {
        NewPool();
        FanOut().GetAwaiter().GetResult();
    }

    [Benchmark(Description = "50 hosts fan-out, 8 at a time, sessions reused")]
    public Task<int> FanOutWarmPool() => FanOut();

    [GlobalCleanup]
    public void Cleanup()
    {
        _pool?.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static int Check(int ok) =>
        ok == Hosts ? ok : throw new InvalidOperationException($"Only {ok} of {Hosts} hosts succeeded: the measurement would be meaningless.");
}
