using System.Diagnostics;
using System.Globalization;
using IotStack.Gateway.Broker;
using IotStack.Gateway.Broker.Access;
using IotStack.Gateway.Hosting;
using IotStack.Gateway.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;

namespace IotStack.Bench;

/// <summary>
/// What MQTT over TLS costs, against plain MQTT in the same run, on the gateway with its embedded broker (the boards'
/// side of the wire): ingest throughput with the publishers on the TLS listener or on the plain one, and the time until
/// N boards that all reconnect at once (as after a broker restart) are connected again, each verifying the broker
/// against the pinned CA. Rounds alternate which goes first.
///   dotnet run -c Release --project tools/bench/IotStack.Gateway.Bench -- --tls [--messages N] [--boards N] [--rounds R] [--backlog N]
/// Each storm prints its latency distribution, retries, the thread pool and the kernel's listen-queue counters (StormDiagnostics).
/// </summary>
internal static class TlsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        int messages = int.Parse(IngestBenchmark.Arg(args, "--messages") ?? "20000", CultureInfo.InvariantCulture);
        int boards = int.Parse(IngestBenchmark.Arg(args, "--boards") ?? "2000", CultureInfo.InvariantCulture);
        int rounds = int.Parse(IngestBenchmark.Arg(args, "--rounds") ?? "3", CultureInfo.InvariantCulture);
        // --backlog N: the embedded broker's listen backlog (Broker:ConnectionBacklog), e.g. 100 (MQTTnet's own default) for a before/after.
        string? backlog = IngestBenchmark.Arg(args, "--backlog");
        string dir = Directory.CreateTempSubdirectory("iotstack-tls-bench-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["IotStack:Broker:Port"] = "0",
            ["IotStack:Storage:SqlitePath"] = Path.Combine(dir, "bench.db"),
            ["IotStack:Http:Urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            // The ingest runs' devices go silent after each run; their offline alerts are not what this bench reads.
            ["Logging:LogLevel:IotStack.Gateway.Devices"] = "Error",
            ["Logging:LogLevel:IotStack.Gateway.Alerts"] = "Error",
        };
        if (backlog is not null)
        {
            settings["IotStack:Broker:ConnectionBacklog"] = backlog;
        }

        WebApplication app = GatewayHost.Build([], settings);
        await using (app.ConfigureAwait(false))
        {
            await app.StartAsync().ConfigureAwait(false);
            var endpoint = app.Services.GetRequiredService<BrokerEndpoint>();
            BrokerConnection plain = await endpoint.WaitConnectionAsync(CancellationToken.None).ConfigureAwait(false);
            BrokerConnection tls = endpoint.TlsListener ?? throw new InvalidOperationException("the embedded broker has no TLS listener");
            var client = app.Services.GetRequiredService<GatewayMqttClient>();
            while (!client.IsReady)
            {
                await Task.Delay(20).ConfigureAwait(false);
            }

            GatewayMetrics metrics = app.Services.GetRequiredService<GatewayMetrics>();
            // Authenticated like the field: the publishers with the gateway's account (they write many devices' topics,
            // which a board's own account may not), and every reconnecting board with its own credential, so the storm
            // pays the secret check per CONNECT. Issued before any timing.
            var gatewayAccount = app.Services.GetRequiredService<GatewayMqttCredentials>();
            Func<MqttClientOptionsBuilder, MqttClientOptionsBuilder> publishers = gatewayAccount.Apply;
            var devices = app.Services.GetRequiredService<DeviceCredentialStore>();
            var storm = new (string User, string Secret)[boards];
            for (int i = 0; i < boards; i++)
            {
                string device = "s" + i.ToString(CultureInfo.InvariantCulture);
                storm[i] = (DeviceCredential.UserNameOf("storm", device), devices.Issue("storm", device));
            }
            Console.WriteLine($"Embedded broker: plain {plain}, TLS {tls}; {messages} telemetry messages per ingest run, {boards} boards reconnecting at once, {rounds} rounds");
            await IngestAsync(tls, "warm-tls", Math.Min(messages, 5000), metrics, publishers).ConfigureAwait(false);
            await IngestAsync(plain, "warm-plain", Math.Min(messages, 5000), metrics, publishers).ConfigureAwait(false);
            await ReconnectAsync(tls, storm.AsMemory(0, Math.Min(boards, 200))).ConfigureAwait(false);

            var rows = new List<(double Plain, double Tls, double PlainStorm, double TlsStorm)>();
            for (int round = 1; round <= rounds; round++)
            {
                string fleet = "tls" + round.ToString(CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..6];
                bool plainFirst = round % 2 == 1;
                double p = 0, t = 0, ps = 0, ts = 0;
                for (int side = 0; side < 2; side++)
                {
                    if ((side == 0) == plainFirst)
                    {
                        p = await IngestAsync(plain, fleet + "p", messages, metrics, publishers).ConfigureAwait(false);
                        ps = await ReconnectAsync(plain, storm).ConfigureAwait(false);
                    }
                    else
                    {
                        t = await IngestAsync(tls, fleet + "t", messages, metrics, publishers).ConfigureAwait(false);
                        ts = await ReconnectAsync(tls, storm).ConfigureAwait(false);
                    }
                }

                rows.Add((p, t, ps, ts));
                Console.WriteLine($"round {round}/{rounds}: ingest plain {p:F0} msg/s, TLS {t:F0} msg/s; {boards} boards back after plain {ps:F2} s, TLS {ts:F2} s");
            }

            Console.WriteLine();
            Console.WriteLine($"| round | ingest plain msg/s | ingest TLS msg/s | TLS/plain | {boards} reconnect plain s | {boards} reconnect TLS s | TLS/plain |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
            for (int i = 0; i < rows.Count; i++)
            {
                var r = rows[i];
                Console.WriteLine($"| {i + 1} | {r.Plain:F0} | {r.Tls:F0} | {r.Tls / r.Plain:F2} | {r.PlainStorm:F2} | {r.TlsStorm:F2} | {r.TlsStorm / r.PlainStorm:F2} |");
            }

            Console.WriteLine($"| median | {IngestBenchmark.Median(rows.Select(r => r.Plain).ToList()):F0} | {IngestBenchmark.Median(rows.Select(r => r.Tls).ToList()):F0} | "
                + $"{IngestBenchmark.Median(rows.Select(r => r.Tls / r.Plain).ToList()):F2} | {IngestBenchmark.Median(rows.Select(r => r.PlainStorm).ToList()):F2} | "
                + $"{IngestBenchmark.Median(rows.Select(r => r.TlsStorm).ToList()):F2} | {IngestBenchmark.Median(rows.Select(r => r.TlsStorm / r.PlainStorm).ToList()):F2} |");
            await app.StopAsync().ConfigureAwait(false);
        }

        Directory.Delete(dir, recursive: true);
        return 0;
    }

    private static Task<double> IngestAsync(
        BrokerConnection broker, string fleet, int messages, GatewayMetrics metrics, Func<MqttClientOptionsBuilder, MqttClientOptionsBuilder> account)
    {
        long before = metrics.BatchesStored;
        return IngestBenchmark.PublishAndWaitAsync(broker, fleet, messages, broker.IsTls ? "TLS" : "plain", () => metrics.BatchesStored - before, account);
    }

    /// <summary>Seconds from N connects started together until the last CONNACK (each TLS board verifies the broker's chain).</summary>
    private static async Task<double> ReconnectAsync(BrokerConnection broker, ReadOnlyMemory<(string User, string Secret)> boards)
    {
        var factory = new MqttClientFactory();
        (string User, string Secret)[] accounts = boards.ToArray();
        IMqttClient[] clients = accounts.Select(_ => factory.CreateMqttClient()).ToArray();
        var outcomes = new StormOutcome[clients.Length];
        int timeWait = StormDiagnostics.TimeWaitSockets();
        Dictionary<string, long> kernelBefore = StormDiagnostics.ListenCounters();
        using var sampler = new StormDiagnostics.ThreadPoolSampler();
        try
        {
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(clients.Select(async (c, i) => outcomes[i] = await ConnectWithRetryAsync(c, broker.CreateOptions()
                .WithClientId(accounts[i].User)
                .WithCredentials(accounts[i].User, accounts[i].Secret)
                .WithTimeout(TimeSpan.FromSeconds(60))
                .Build(), watch).ConfigureAwait(false))).ConfigureAwait(false);
            watch.Stop();
            Console.WriteLine("    " + (broker.IsTls ? "TLS  " : "plain") + " storm: " + StormDiagnostics.Describe(outcomes, timeWait, sampler, kernelBefore));
            if (clients.Any(c => !c.IsConnected))
            {
                throw new InvalidOperationException("not every board connected");
            }

            return watch.Elapsed.TotalSeconds;
        }
        finally
        {
            await Task.WhenAll(clients.Select(async c =>
            {
                if (c.IsConnected)
                {
                    await c.DisconnectAsync().ConfigureAwait(false);
                }

                c.Dispose();
            })).ConfigureAwait(false);
        }
    }

    /// <summary>A board retries a refused or timed-out connect (the accept backlog can overflow in a storm), at most 20 times.</summary>
    private static async Task<StormOutcome> ConnectWithRetryAsync(IMqttClient client, MqttClientOptions options, Stopwatch storm)
    {
        string? firstFailure = null;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await client.ConnectAsync(options).ConfigureAwait(false);
                return new StormOutcome(storm.Elapsed.TotalSeconds, attempt, firstFailure);
            }
            catch (Exception ex) when (attempt < 20)
            {
                firstFailure ??= StormDiagnostics.Kind(ex);
                await Task.Delay(100 * attempt).ConfigureAwait(false);
            }
        }
    }
}
