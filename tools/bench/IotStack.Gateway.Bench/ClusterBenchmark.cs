using System.Globalization;

namespace IotStack.Bench;

/// <summary>
/// Cluster ingest against one gateway on the same machine (issue #17, item 5; docs/scale.md, "Cluster ingest"): the
/// ingest bench's publishers against (a) one gateway on PostgreSQL without device ownership, (b) one gateway with
/// ownership (every message republished to its partition's session, Cluster:Partitions), (c) three in-process gateways
/// with ownership sharing the fleet, and a bare MQTTnet subscriber; each on a fresh private Mosquitto and a fresh
/// database. Rates are ratios to (a) of the same round; rounds run the configurations forwards, then backwards.
/// CPU per message from /proc: this process (publishers + gateways), Mosquitto, and the database's PostgreSQL backends.
///   source the test services' env.sh (IOTSTACK_TEST_PG), then
///   dotnet run -c Release --project tools/bench/IotStack.Gateway.Bench -- --cluster [--messages N] [--rounds R] [--warmup N] [--partitions P] [--pace MSG_PER_S] [--statistical false]
/// --pace runs every configuration at the same rate (below the slowest one's), so CPU per message compares consumers that
/// batch alike; without it each runs as fast as it takes messages.
/// </summary>
internal static class ClusterBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        int messages = int.Parse(IngestBenchmark.Arg(args, "--messages") ?? "20000", CultureInfo.InvariantCulture);
        int rounds = int.Parse(IngestBenchmark.Arg(args, "--rounds") ?? "3", CultureInfo.InvariantCulture);
        int warmup = int.Parse(IngestBenchmark.Arg(args, "--warmup") ?? "3000", CultureInfo.InvariantCulture);
        int partitions = int.Parse(IngestBenchmark.Arg(args, "--partitions") ?? "8", CultureInfo.InvariantCulture);
        string statistical = IngestBenchmark.Arg(args, "--statistical") ?? "true";
        double pace = double.Parse(IngestBenchmark.Arg(args, "--pace") ?? "0", CultureInfo.InvariantCulture);
        IngestSide[] sides =
        [
            IngestSide.Bare(tls: false),
            new("(a) 1 gateway, PostgreSQL", 1, Postgres: true, Group: true, Partitions: 0, Tls: false),
            new($"(b) 1 gateway, ownership ({partitions} partitions)", 1, Postgres: true, Group: true, partitions, Tls: false),
            new($"(c) 3 gateways, ownership ({partitions} partitions)", 3, Postgres: true, Group: true, partitions, Tls: false),
        ];
        Console.WriteLine($"Cluster ingest: {messages} messages per run, {rounds} rounds, {warmup} warm-up messages per configuration, statistical detectors {statistical}, "
            + (pace > 0 ? $"paced at {pace:F0} msg/s; " : "as fast as each configuration takes them; ")
            + $"load average {CpuMeter.LoadAverage()} at start");
        if (warmup > 0)
        {
            foreach (IngestSide side in sides)
            {
                await side.RunAsync(null, "warm" + Guid.NewGuid().ToString("N")[..6], warmup, statistical).ConfigureAwait(false);
            }

            Console.WriteLine("warm-up done, not counted");
        }

        var results = new SideResult[rounds, sides.Length];
        for (int round = 0; round < rounds; round++)
        {
            for (int k = 0; k < sides.Length; k++)
            {
                int s = round % 2 == 0 ? k : sides.Length - 1 - k;
                string fleet = "cl" + round.ToString(CultureInfo.InvariantCulture) + s.ToString(CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..6];
                results[round, s] = await sides[s].RunAsync(null, fleet, messages, statistical, pace).ConfigureAwait(false);
            }

            Console.WriteLine($"round {round + 1}/{rounds}: " + string.Join(", ", sides.Select((side, s) => $"{side.Label} {results[round, s].Rate:F0} msg/s"))
                + $"; load average {CpuMeter.LoadAverage()}");
        }

        Console.WriteLine();
        Console.WriteLine("| round | configuration | msg/s | ratio to (a) | bench process CPU µs/msg | beyond the bare subscriber | Mosquitto µs/msg | PostgreSQL backends µs/msg |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|");
        for (int round = 0; round < rounds; round++)
        {
            for (int s = 0; s < sides.Length; s++)
            {
                SideResult r = results[round, s];
                Console.WriteLine($"| {round + 1} | {sides[s].Label} | {r.Rate:F0} | {r.Rate / results[round, 1].Rate:F2} | {r.Self:F1} | {r.Self - results[round, 0].Self:F1} | {r.Broker:F1} | {r.Database:F1} |");
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Medians over {rounds} rounds (each ratio taken within its round):");
        Console.WriteLine("| configuration | msg/s | ratio to (a) | gateway CPU µs/msg beyond the bare subscriber | Mosquitto µs/msg | gateway / Mosquitto | PostgreSQL backends µs/msg |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        for (int s = 0; s < sides.Length; s++)
        {
            List<double> Column(Func<int, double> value) => Enumerable.Range(0, rounds).Select(value).ToList();
            int side = s;
            double extra = IngestBenchmark.Median(Column(r => results[r, side].Self - results[r, 0].Self));
            double broker = IngestBenchmark.Median(Column(r => results[r, side].Broker));
            Console.WriteLine($"| {sides[s].Label} | {IngestBenchmark.Median(Column(r => results[r, side].Rate)):F0} | "
                + $"{IngestBenchmark.Median(Column(r => results[r, side].Rate / results[r, 1].Rate)):F2} | {(s == 0 ? "" : extra.ToString("F1", CultureInfo.InvariantCulture))} | "
                + $"{broker:F1} | {(s == 0 ? "" : IngestBenchmark.Median(Column(r => (results[r, side].Self - results[r, 0].Self) / results[r, side].Broker)).ToString("F2", CultureInfo.InvariantCulture))} | "
                + $"{IngestBenchmark.Median(Column(r => results[r, side].Database)):F1} |");
        }

        Console.WriteLine();
        Console.WriteLine($"load average {CpuMeter.LoadAverage()} at the end (2 cores: above 2, other work shared the machine)");
        return 0;
    }
}
