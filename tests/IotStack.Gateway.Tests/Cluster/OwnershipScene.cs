using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using IotStack.Gateway.Alerts;
using IotStack.Gateway.Storage;
using IotStack.Gateway.Tests.Chaos;
using IotStack.Gateway.Tests.Support;
using IotStack.TestServices;
using Npgsql;

namespace IotStack.Gateway.Tests.Cluster;

/// <summary>
/// A cluster under load, stopped in reverse order: a private Mosquitto with the test accounts, one fresh PostgreSQL
/// database (<c>IOTSTACK_TEST_PG</c>), and gateway processes on both (<see cref="GatewayProcess"/>, each with its own
/// client id, cluster name and HTTP port, all in one shared-subscription group) splitting the devices into
/// <c>Cluster:Partitions</c> owned one gateway each (docs/scale.md, "Device ownership"); then boards publishing
/// until the end (<see cref="StartBoards"/>). Checkpoints every 2 s and a 12 s offline limit (3 heartbeats of 4 s), so
/// both matter within a bounded run: the offline limit is above what a takeover may leave a device unheard (a new
/// owner starts from the device's stored last-seen time, written every 5 s, plus the takeover itself), and short enough
/// for a device nobody took over to be found offline before the test ends.
/// </summary>
internal sealed class OwnershipScene : IAsyncDisposable
{
    public static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(2);

    /// <summary>Silence after which a gateway raises device-offline: 3 heartbeats (<c>Alerts:OfflineAfterHeartbeats</c>'s default).</summary>
    public static readonly TimeSpan OfflineAfter = TimeSpan.FromSeconds(12);

    private readonly List<ClusterGateway> _gateways;
    private ChaosBoards? _boards;

    private OwnershipScene(PrivateMosquitto broker, PostgresTestDatabase database, List<ClusterGateway> gateways, int partitions)
    {
        Broker = broker;
        Database = database;
        _gateways = gateways;
        Partitions = partitions;
    }

    public PrivateMosquitto Broker { get; }

    public PostgresTestDatabase Database { get; }

    public int Partitions { get; }

    public IEnumerable<ClusterGateway> Alive => _gateways.Where(g => g.Process.IsAlive);

    public ChaosBoards Boards => _boards ?? throw new InvalidOperationException("no boards started");

    /// <summary>Creates the database, starts the broker and <paramref name="gateways"/> gateways (together, each in a folder of its own under <paramref name="folder"/>), and returns once each has its MQTT session (/health ok).</summary>
    public static async Task<OwnershipScene> StartAsync(string folder, int gateways, int partitions)
    {
        // The database first: without IOTSTACK_TEST_PG the test fails right here, saying so, like every PostgreSQL test.
        PostgresTestDatabase database = await PostgresTestDatabase.CreateAsync("ownfail");
        PrivateMosquitto? broker = null;
        var started = new List<ClusterGateway>();
        try
        {
            broker = await PrivateMosquitto.StartAsync();
            string group = "own" + Guid.NewGuid().ToString("N")[..6];
            Task<ClusterGateway>[] starting = Enumerable.Range(0, gateways)
                .Select(i => StartGatewayAsync(broker, database, Path.Combine(folder, $"gw-{i}"), $"gw-{i}", group, partitions))
                .ToArray();
            try
            {
                await Task.WhenAll(starting);
            }
            finally
            {
                started.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            }

            var scene = new OwnershipScene(broker, database, started, partitions);
            foreach (ClusterGateway gateway in started)
            {
                await Eventually.TrueAsync(async () => await gateway.Process.HealthAsync() == HttpStatusCode.OK, $"{gateway.Name} connected", ChaosRig.RecoverySeconds);
            }

            return scene;
        }
        catch
        {
            foreach (ClusterGateway gateway in started)
            {
                await gateway.Process.DisposeAsync();
            }

            if (broker is not null)
            {
                await broker.DisposeAsync();
            }

            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>Boards publishing until the scene ends (<see cref="ChaosBoards"/>), with <paramref name="frame"/>'s telemetry.</summary>
    public ChaosBoards StartBoards(int boards, TimeSpan pause, Func<string, uint, long, byte[]> frame)
    {
        _boards = ChaosBoards.Start(Broker, boards, pause, frame: frame);
        return _boards;
    }

    /// <summary>The partitions each live gateway says it owns (/health <c>cluster.partitions</c>; none when it has no such field).</summary>
    public async Task<Dictionary<ClusterGateway, int[]>> OwnershipAsync()
    {
        var owned = new Dictionary<ClusterGateway, int[]>();
        foreach (ClusterGateway gateway in Alive)
        {
            owned[gateway] = await gateway.PartitionsAsync();
        }

        return owned;
    }

    /// <summary>
    /// Null when every partition 0..N-1 is owned by exactly one live gateway and none owns more than
    /// <paramref name="maxEach"/> (the balance: ceil(N / live gateways)), else what is wrong.
    /// </summary>
    private static string? OwnershipProblem(IReadOnlyDictionary<ClusterGateway, int[]> owned, int partitions, int maxEach)
    {
        var problems = new List<string>();
        for (int p = 0; p < partitions; p++)
        {
            string[] owners = owned.Where(o => o.Value.Contains(p)).Select(o => o.Key.Name).ToArray();
            if (owners.Length != 1)
            {
                problems.Add($"partition {p.ToString(CultureInfo.InvariantCulture)} owned by [{string.Join(", ", owners)}]");
            }
        }

        problems.AddRange(owned.SelectMany(o => o.Value.Where(p => p < 0 || p >= partitions).Select(p => $"{o.Key.Name} claims partition {p}")));
        problems.AddRange(owned.Where(o => o.Value.Length > maxEach).Select(o => $"{o.Key.Name} owns {o.Value.Length} (balanced: at most {maxEach})"));
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    public static string Describe(IReadOnlyDictionary<ClusterGateway, int[]> owned) =>
        string.Join(", ", owned.Select(o => $"{o.Key.Name}: [{string.Join(",", o.Value)}]"));

    /// <summary>Waits until every partition is owned by exactly one live gateway, balanced between them; returns who owns what.</summary>
    public async Task<Dictionary<ClusterGateway, int[]>> WaitOwnedOnceAsync(int seconds)
    {
        Dictionary<ClusterGateway, int[]> owned = [];
        string? problem = "not read yet";
        var wait = Stopwatch.StartNew();
        while (wait.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            owned = await OwnershipAsync();
            int live = Math.Max(1, owned.Count);
            problem = OwnershipProblem(owned, Partitions, (Partitions + live - 1) / live);
            if (problem is null)
            {
                return owned;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"partitions not owned once each by the {owned.Count} live gateways after {seconds} s: {problem}\n{Describe()}");
        return owned;
    }

    /// <summary>The series checkpoints in the shared <c>detector_state</c> table with at least this many samples.</summary>
    public async Task<long> CheckpointsWithAsync(int channel, long samples) =>
        (long)(await Database.ScalarAsync(
            $"SELECT count(*) FROM detector_state WHERE channel = {channel.ToString(CultureInfo.InvariantCulture)} AND samples >= {samples.ToString(CultureInfo.InvariantCulture)}"))!;

    /// <summary>
    /// <see cref="ChaosRig.AssertStoredExactlyOnceAsync(ITelemetryStore, ChaosBoards, Func{string}, IReadOnlyDictionary{string, ValueTuple{uint, uint}}?, int)"/>
    /// on the cluster's database; a failure also says how many batches are missing from before and from after
    /// <paramref name="atKill"/> (each board's last acknowledged batch when a gateway was killed).
    /// </summary>
    public async Task AssertStoredExactlyOnceAsync(IReadOnlyDictionary<string, uint> atKill, int waitSeconds, int temperaturesPerBatch)
    {
        await using var store = new PostgresGatewayStore(Database.ConnectionString);
        await ChaosRig.AssertStoredExactlyOnceAsync(store, Boards, () => $"{StoredAround(atKill)}\n{Describe()}", waitSeconds: waitSeconds,
            temperaturesPerBatch: temperaturesPerBatch);
    }

    /// <summary>Every alert row the cluster stored, open or resolved.</summary>
    public async Task<IReadOnlyList<AlertRecord>> AlertsAsync()
    {
        await using var store = new PostgresGatewayStore(Database.ConnectionString);
        return await store.ReadAlertsAsync(new AlertQuery(Limit: 5000), CancellationToken.None);
    }

    /// <summary>Batches acknowledged and stored up to and after each board's <paramref name="atKill"/> sequence (diagnostics: synchronous).</summary>
    private string StoredAround(IReadOnlyDictionary<string, uint> atKill)
    {
        long ackedBefore = 0, ackedAfter = 0, storedBefore = 0, storedAfter = 0;
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Database.ConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        foreach (var (device, acked) in Boards.Acknowledged)
        {
            uint kill = atKill.GetValueOrDefault(device);
            using var command = new NpgsqlCommand("SELECT count(*) FILTER (WHERE seq <= @k), count(*) FILTER (WHERE seq > @k) FROM batches WHERE device = @d", connection);
            command.Parameters.AddWithValue("k", (long)kill);
            command.Parameters.AddWithValue("d", device);
            using NpgsqlDataReader row = command.ExecuteReader();
            row.Read();
            storedBefore += row.GetInt64(0);
            storedAfter += row.GetInt64(1);
            ackedBefore += kill;
            ackedAfter += acked - kill;
        }

        return $"batches acknowledged up to the kill {ackedBefore}, stored {storedBefore}; acknowledged after it {ackedAfter}, stored {storedAfter}";
    }

    public string Describe()
    {
        var text = new StringBuilder();
        foreach (ClusterGateway gateway in _gateways)
        {
            text.Append(CultureInfo.InvariantCulture, $"--- {gateway.Name} log ({(gateway.Process.IsAlive ? "alive" : "dead")}) ---\n{gateway.Process.Log()}\n");
        }

        return text.Append(CultureInfo.InvariantCulture, $"--- broker log (tail) ---\n{ChaosRig.Tail(Broker.Log(), 3000)}").ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (_boards is not null)
        {
            await _boards.DisposeAsync();
        }

        foreach (ClusterGateway gateway in _gateways)
        {
            await gateway.Process.DisposeAsync();
        }

        await Database.DisposeAsync();
        await Broker.DisposeAsync();
    }

    private static async Task<ClusterGateway> StartGatewayAsync(PrivateMosquitto broker, PostgresTestDatabase database, string folder, string name, string group, int partitions)
    {
        Directory.CreateDirectory(folder);
        Dictionary<string, string?> settings = ChaosRig.BrokerSettings(broker, $"{name}-{Guid.NewGuid().ToString("N")[..8]}");
        settings["IotStack:Broker:SharedGroup"] = group;
        settings["IotStack:Storage:Provider"] = "Postgres";
        settings["IotStack:Storage:PostgresConnectionString"] = database.ConnectionString;
        settings["IotStack:Cluster:Name"] = name;
        settings["IotStack:Cluster:Partitions"] = partitions.ToString(CultureInfo.InvariantCulture);
        settings["IotStack:Cluster:PollInterval"] = "00:00:00.500";
        settings["IotStack:Detection:CheckpointInterval"] = CheckpointInterval.ToString("c", CultureInfo.InvariantCulture);
        settings["IotStack:Alerts:Heartbeat"] = (OfflineAfter / 3).ToString("c", CultureInfo.InvariantCulture);
        // The lines the test's diagnostics need: partitions acquired and released, detector state restored.
        settings["Logging:LogLevel:IotStack.Gateway.Cluster"] = "Information";
        settings["Logging:LogLevel:IotStack.Gateway.Detection"] = "Information";
        settings["Logging:Console:FormatterOptions:TimestampFormat"] = "HH:mm:ss.fff ";
        return new ClusterGateway(name, await GatewayProcess.StartAsync(folder, settings));
    }
}
