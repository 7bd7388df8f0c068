using System.Globalization;
using IotStack.TestServices;

namespace IotStack.Bench;

/// <summary>
/// Issue #17's goal for item 5, read in one run: the gateway's work per message (decode, store, detect, acknowledge
/// after commit), as its CPU beyond a bare MQTTnet subscriber's, against the CPU Mosquitto spends routing that message,
/// over plain MQTT and over TLS (a listener with a CA and certificate made by openssl, as the tests make them; publishers,
/// subscriber and gateway all on it). Each run on a fresh private Mosquitto with the project's configuration; rounds run
/// the four configurations forwards, then backwards. One gateway, SQLite (the single-box store) unless --postgres.
///   dotnet run -c Release --project tools/bench/IotStack.Gateway.Bench -- --broker-cpu [--messages N] [--rounds R] [--warmup N] [--postgres] [--statistical false]
/// </summary>
internal static class BrokerCpuBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        int messages = int.Parse(IngestBenchmark.Arg(args, "--messages") ?? "20000", CultureInfo.InvariantCulture);
        int rounds = int.Parse(IngestBenchmark.Arg(args, "--rounds") ?? "3", CultureInfo.InvariantCulture);
        int warmup = int.Parse(IngestBenchmark.Arg(args, "--warmup") ?? "3000", CultureInfo.InvariantCulture);
        string statistical = IngestBenchmark.Arg(args, "--statistical") ?? "true";
        bool postgres = args.Contains("--postgres");
        string store = postgres ? "PostgreSQL" : "SQLite";
        IngestSide[] sides =
        [
            IngestSide.Bare(tls: false),
            new($"gateway ({store})", 1, postgres, Group: false, Partitions: 0, Tls: false),
            IngestSide.Bare(tls: true),
            new($"gateway ({store}), TLS", 1, postgres, Group: false, Partitions: 0, Tls: true),
        ];
        TestCertificates certificates = await TestCertificates.CreateAsync().ConfigureAwait(false);
        Console.WriteLine($"Gateway against Mosquitto CPU per message: {messages} messages per run, {rounds} rounds, {warmup} warm-up messages per configuration, "
            + $"store {store}, statistical detectors {statistical}; load average {CpuMeter.LoadAverage()} at start");
        try
        {
            if (warmup > 0)
            {
                foreach (IngestSide side in sides)
                {
                    await side.RunAsync(certificates, "warm" + Guid.NewGuid().ToString("N")[..6], warmup, statistical).ConfigureAwait(false);
                }

                Console.WriteLine("warm-up done, not counted");
            }

            var results = new SideResult[rounds, sides.Length];
            for (int round = 0; round < rounds; round++)
            {
                for (int k = 0; k < sides.Length; k++)
                {
                    int s = round % 2 == 0 ? k : sides.Length - 1 - k;
                    string fleet = "cpu" + round.ToString(CultureInfo.InvariantCulture) + s.ToString(CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..6];
                    results[round, s] = await sides[s].RunAsync(certificates, fleet, messages, statistical).ConfigureAwait(false);
                }

                Console.WriteLine($"round {round + 1}/{rounds}: " + string.Join(", ", sides.Select((side, s) => $"{side.Label} {results[round, s].Rate:F0} msg/s"))
                    + $"; load average {CpuMeter.LoadAverage()}");
            }

            Console.WriteLine();
            Console.WriteLine("| round | transport | bare msg/s | gateway msg/s | gateway CPU µs/msg beyond the bare subscriber | Mosquitto µs/msg (bare run) | Mosquitto µs/msg (gateway run) | gateway / Mosquitto | PostgreSQL backends µs/msg |");
            Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
            var rows = new List<(string Transport, double Bare, double Gateway, double Extra, double BrokerBare, double Broker, double Database)>();
            for (int round = 0; round < rounds; round++)
            {
                for (int t = 0; t < 2; t++)
                {
                    SideResult bare = results[round, 2 * t];
                    SideResult gateway = results[round, (2 * t) + 1];
                    var row = (t == 0 ? "plain" : "TLS", bare.Rate, gateway.Rate, gateway.Self - bare.Self, bare.Broker, gateway.Broker, gateway.Database);
                    rows.Add(row);
                    Console.WriteLine($"| {round + 1} | {row.Item1} | {row.Item2:F0} | {row.Item3:F0} | {row.Item4:F1} | {row.Item5:F1} | {row.Item6:F1} | {row.Item4 / row.Item6:F2} | {row.Item7:F1} |");
                }
            }

            foreach (string transport in new[] { "plain", "TLS" })
            {
                var of = rows.Where(r => r.Transport == transport).ToList();
                Console.WriteLine($"| median | {transport} | {IngestBenchmark.Median(of.Select(r => r.Bare).ToList()):F0} | {IngestBenchmark.Median(of.Select(r => r.Gateway).ToList()):F0} | "
                    + $"{IngestBenchmark.Median(of.Select(r => r.Extra).ToList()):F1} | {IngestBenchmark.Median(of.Select(r => r.BrokerBare).ToList()):F1} | "
                    + $"{IngestBenchmark.Median(of.Select(r => r.Broker).ToList()):F1} | {IngestBenchmark.Median(of.Select(r => r.Extra / r.Broker).ToList()):F2} | "
                    + $"{IngestBenchmark.Median(of.Select(r => r.Database).ToList()):F1} |");
            }

            Console.WriteLine();
            Console.WriteLine($"load average {CpuMeter.LoadAverage()} at the end (2 cores: above 2, other work shared the machine). Goal (#17 item 5): gateway / Mosquitto at most 0.50");
            return 0;
        }
        finally
        {
            Directory.Delete(certificates.Folder, recursive: true);
        }
    }
}
