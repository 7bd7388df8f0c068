using IotStack.Gateway.Storage;
using IotStack.Gateway.Tests.Support;
using IotStack.Protocol;
using IotStack.TestServices;
using Xunit.Abstractions;

namespace IotStack.Gateway.Tests.Chaos;

/// <summary>
/// What every chaos scenario shares: the gateway's settings against a private Mosquitto (the shipped
/// gateway/deploy/mosquitto settings) and SQLite, and the store check after the fault: each board's batches are exactly
/// 1..n with n its last acknowledged batch (or the one after, whose PUBACK the fault swallowed), and the raw
/// temperature series has one sample per batch, counted in the store: no gap (nothing lost), no extra (no duplicate).
/// </summary>
internal static class ChaosRig
{
    /// <summary>Recovery deadline after a fault ends: generous for a loaded 2-core CI box; a deadline, not a speed claim.</summary>
    public const int RecoverySeconds = 180;

    /// <summary>Peak RSS of the gateway, at most this many times its own warm baseline in the same run.</summary>
    public const double MemoryBound = 3.0;

    public static Dictionary<string, string?> GatewaySettings(PrivateMosquitto broker, string sqlitePath, string clientId)
    {
        Dictionary<string, string?> settings = BrokerSettings(broker, clientId);
        settings["IotStack:Storage:Provider"] = "Sqlite";
        settings["IotStack:Storage:SqlitePath"] = sqlitePath;
        return settings;
    }

    /// <summary>The broker half of <see cref="GatewaySettings"/>: an external Mosquitto with the gateway account; the caller adds the store.</summary>
    public static Dictionary<string, string?> BrokerSettings(PrivateMosquitto broker, string clientId) => new()
    {
        ["IotStack:Broker:Mode"] = "External",
        ["IotStack:Broker:Host"] = broker.Host,
        ["IotStack:Broker:Port"] = TestGateway.Port(broker.Port),
        ["IotStack:Broker:Username"] = broker.Account.User,
        ["IotStack:Broker:Password"] = broker.Account.Password,
        ["IotStack:Broker:ClientId"] = clientId,
    };

    /// <summary>The gateway process on this broker and SQLite file, once its MQTT session is up (/health ok).</summary>
    public static async Task<GatewayProcess> StartGatewayAsync(PrivateMosquitto broker, string folder, string sqlitePath, string name)
    {
        GatewayProcess gateway = await GatewayProcess.StartAsync(folder, GatewaySettings(broker, sqlitePath, $"gw-{name}-{Guid.NewGuid().ToString("N")[..8]}"));
        await Eventually.TrueAsync(async () => await gateway.HealthAsync() == System.Net.HttpStatusCode.OK, "gateway connected", RecoverySeconds);
        return gateway;
    }

    /// <summary>Waits until the boards have <paramref name="more"/> batches acknowledged beyond what they had.</summary>
    public static async Task WaitAcknowledgedAsync(ChaosBoards boards, long more, string what)
    {
        long from = boards.TotalAcknowledged;
        await Eventually.TrueAsync(() => Task.FromResult(boards.TotalAcknowledged >= from + more), what, RecoverySeconds);
    }

    /// <summary>
    /// Waits (up to <see cref="RecoverySeconds"/>) until every acknowledged batch is in the store, then checks it exactly:
    /// no batch missing, none beyond the last sent, one sample per batch. <paramref name="crashWindow"/> (broker crash
    /// only): per board, the batches the broker acknowledged between its last save and its SIGKILL; the broker may lose
    /// those (docs/resilience.md), so they are counted and reported, and every batch outside the window is checked.
    /// </summary>
    /// <returns>Batches lost inside the crash window (0 without one).</returns>
    public static async Task<int> AssertStoredExactlyOnceAsync(
        string sqlitePath, ChaosBoards boards, Func<string> diagnostics, IReadOnlyDictionary<string, (uint After, uint Through)>? crashWindow = null)
    {
        await using var store = new SqliteGatewayStore(sqlitePath);
        return await AssertStoredExactlyOnceAsync(store, boards, diagnostics, crashWindow);
    }

    /// <summary>
    /// The same check on any store (a cluster's PostgreSQL database: every gateway writes the same tables), waiting at
    /// most <paramref name="waitSeconds"/> for the acknowledged batches to arrive, for batches of
    /// <paramref name="temperaturesPerBatch"/> temperature samples each.
    /// </summary>
    /// <returns>Batches lost inside the crash window (0 without one).</returns>
    public static async Task<int> AssertStoredExactlyOnceAsync(
        ITelemetryStore store, ChaosBoards boards, Func<string> diagnostics, IReadOnlyDictionary<string, (uint After, uint Through)>? crashWindow = null,
        int waitSeconds = RecoverySeconds, int temperaturesPerBatch = 1)
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            long missing = 0;
            foreach (var (device, acked) in boards.Acknowledged)
            {
                IReadOnlyList<uint> stored = await store.ReadSequencesAsync(device, CancellationToken.None);
                missing += Missing(stored, acked).Count(s => !InWindow(crashWindow, device, s));
            }

            if (missing == 0)
            {
                break;
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(waitSeconds))
            {
                Assert.Fail($"{missing} of {boards.TotalAcknowledged} acknowledged batches not stored after {waitSeconds} s\n{diagnostics()}");
            }

            await Task.Delay(200);
        }

        int lostInWindow = 0;
        foreach (var (device, acked) in boards.Acknowledged)
        {
            IReadOnlyList<uint> stored = await store.ReadSequencesAsync(device, CancellationToken.None);
            IReadOnlyList<SeriesPoint> samples = await store.ReadSeriesAsync(
                device, (byte)Channel.Temperature, DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, SeriesResolution.Raw, int.MaxValue, CancellationToken.None);
            List<uint> missing = Missing(stored, acked);
            lostInWindow += missing.Count;
            string? problem = missing.Find(s => !InWindow(crashWindow, device, s)) is > 0 and var lost ? $"{device}: batch {lost} of {acked} acknowledged is not stored (lost)"
                : stored.Count > 0 && stored[^1] > acked + 1 ? $"{device}: batch {stored[^1]} stored, but only {acked} were sent"
                : samples.Count != stored.Count * temperaturesPerBatch ? $"{device}: {stored.Count} batches but {samples.Count} temperature samples (duplicates)"
                : null;
            if (problem is not null)
            {
                // The diagnostics read whole log files: only when something is wrong.
                Assert.Fail($"{problem}\n{diagnostics()}");
            }
        }

        return lostInWindow;
    }

    private static List<uint> Missing(IReadOnlyList<uint> stored, uint acked)
    {
        var have = new HashSet<uint>(stored);
        var missing = new List<uint>();
        for (uint s = 1; s <= acked; s++)
        {
            if (!have.Contains(s))
            {
                missing.Add(s);
            }
        }

        return missing;
    }

    private static bool InWindow(IReadOnlyDictionary<string, (uint After, uint Through)>? window, string device, uint sequence) =>
        window is not null && window.TryGetValue(device, out var w) && sequence > w.After && sequence <= w.Through;

    /// <summary>Peak RSS within <see cref="MemoryBound"/> times the warm baseline; both go to the test output for the record.</summary>
    public static void AssertMemoryBounded(MemoryWatch memory, long baseline, ITestOutputHelper output)
    {
        double ratio = (double)memory.Peak / baseline;
        output.WriteLine($"gateway RSS: baseline {baseline / 1048576.0:F0} MiB, peak {memory.Peak / 1048576.0:F0} MiB ({ratio:F2}x, bound {MemoryBound}x)");
        Assert.True(ratio <= MemoryBound, $"RSS peak {memory.Peak / 1048576} MiB > {MemoryBound}x baseline {baseline / 1048576} MiB");
    }

    public static string Describe(GatewayProcess gateway, PrivateMosquitto broker) =>
        $"--- gateway log ---\n{gateway.Log()}\n--- broker log (tail) ---\n{Tail(broker.Log(), 3000)}";

    public static string Tail(string text, int chars) => text.Length <= chars ? text : text[^chars..];
}
