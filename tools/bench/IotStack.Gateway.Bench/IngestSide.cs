using System.Globalization;
using IotStack.Gateway.Broker;
using IotStack.TestServices;

namespace IotStack.Bench;

/// <summary>
/// One configuration of an ingest run on a private Mosquitto (the project's configuration and accounts): the bench's
/// publishers (board account) against either a bare MQTTnet subscriber (<see cref="Gateways"/> 0) or in-process gateways.
/// Each run gets a fresh broker and, with PostgreSQL, a fresh database, so no session or table of an earlier run (a
/// stopped gateway's persistent session would keep queueing every new message) weighs on it.
/// </summary>
/// <param name="Label">Name in the output.</param>
/// <param name="Gateways">In-process gateways; 0 = the bare subscriber.</param>
/// <param name="Postgres">PostgreSQL storage on a fresh database of IOTSTACK_TEST_PG; false = SQLite.</param>
/// <param name="Group">Broker:SharedGroup for the gateways (required with <paramref name="Partitions"/>).</param>
/// <param name="Partitions">Cluster:Partitions, device ownership; 0 = off.</param>
/// <param name="Tls">Everyone connects to the broker's TLS listener.</param>
internal sealed record IngestSide(string Label, int Gateways, bool Postgres, bool Group, int Partitions, bool Tls)
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(90);

    public static IngestSide Bare(bool tls) => new(tls ? "bare subscriber, TLS" : "bare subscriber", 0, false, false, 0, tls);

    /// <param name="certificates">The TLS listener's certificates (required when <see cref="Tls"/>).</param>
    /// <param name="pace">Messages per second at most (0 = as fast as the consumer takes them).</param>
    public async Task<SideResult> RunAsync(TestCertificates? certificates, string fleet, int messages, string statistical, double pace = 0)
    {
        TestCertificates? tls = Tls ? certificates ?? throw new InvalidOperationException("TLS needs certificates") : null;
        await using PrivateMosquitto broker = await PrivateMosquitto.StartAsync(tls: certificates).ConfigureAwait(false);
        BrokerConnection listener = MosquittoGateway.Listener(broker, tls);
        if (Gateways == 0)
        {
            CpuMeter bare = await CpuMeter.StartAsync(broker.ProcessId, null).ConfigureAwait(false);
            double rate = await IngestBenchmark.CountingSubscriberAsync(
                listener, fleet, messages, MosquittoGateway.As(broker.Account), MosquittoGateway.As(broker.BoardAccount), pace).ConfigureAwait(false);
            (double self, double mosquitto, _) = await bare.StopAsync(messages).ConfigureAwait(false);
            return new SideResult(rate, self, mosquitto, 0);
        }

        PostgresTestDatabase? database = Postgres ? await PostgresTestDatabase.CreateAsync("clbench").ConfigureAwait(false) : null;
        string dir = Directory.CreateTempSubdirectory("iotstack-clbench-").FullName;
        var gateways = new List<MosquittoGateway>();
        try
        {
            for (int i = 0; i < Gateways; i++)
            {
                gateways.Add(await MosquittoGateway.StartAsync(broker, tls, $"{fleet}-gw{i.ToString(CultureInfo.InvariantCulture)}", dir,
                    database?.ConnectionString, Group ? fleet : "", Partitions, statistical).ConfigureAwait(false));
            }

            await SettleAsync(gateways).ConfigureAwait(false);
            long before = gateways.Sum(g => g.Metrics.BatchesStored);
            long[] each = gateways.Select(g => g.Metrics.BatchesStored).ToArray();
            long commits = gateways.Sum(g => g.Metrics.Commits);
            CpuMeter meter = await CpuMeter.StartAsync(broker.ProcessId, database?.ConnectionString).ConfigureAwait(false);
            double rate = await IngestBenchmark.PublishAndWaitAsync(listener, fleet, messages, Label, () => gateways.Sum(g => g.Metrics.BatchesStored) - before,
                MosquittoGateway.As(broker.BoardAccount), pace).ConfigureAwait(false);
            (double self, double mosquitto, double postgres) = await meter.StopAsync(messages).ConfigureAwait(false);
            commits = gateways.Sum(g => g.Metrics.Commits) - commits;
            Console.WriteLine($"  {Label}: {commits} store commits, {(double)messages / Math.Max(1, commits):F1} messages per commit");
            if (Gateways > 1)
            {
                Console.WriteLine("  stored per gateway: " + string.Join(", ", gateways.Select((g, i) =>
                    $"{g.Metrics.BatchesStored - each[i]} ({g.OwnedPartitions.Count} partitions)")));
            }

            return new SideResult(rate, self, mosquitto, postgres);
        }
        finally
        {
            // Together: one by one, each stopping gateway would hand its partitions to the others first.
            await Task.WhenAll(gateways.Select(g => g.DisposeAsync().AsTask())).ConfigureAwait(false);
            if (database is not null)
            {
                await database.DisposeAsync().ConfigureAwait(false);
            }

            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// With ownership, until every partition has exactly one owner, each gateway holds its share (ceil(N / gateways))
    /// and every owned partition's session is connected: a run measures ingest, not the start's hand-overs.
    /// </summary>
    private async Task SettleAsync(List<MosquittoGateway> gateways)
    {
        if (Partitions == 0)
        {
            return;
        }

        int share = (Partitions + gateways.Count - 1) / gateways.Count;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!(gateways.Sum(g => g.OwnedPartitions.Count) == Partitions
                 && gateways.SelectMany(g => g.OwnedPartitions).Distinct().Count() == Partitions
                 && gateways.All(g => g.OwnedPartitions.Count <= share && g.ConnectedPartitions == g.OwnedPartitions.Count)))
        {
            if (watch.Elapsed > SettleTimeout)
            {
                throw new TimeoutException($"{Label}: ownership did not settle: " + string.Join("; ", gateways.Select(g => $"[{string.Join(',', g.OwnedPartitions)}] {g.ConnectedPartitions} connected")));
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }
}
