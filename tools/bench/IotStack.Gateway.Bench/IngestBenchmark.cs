using System.Diagnostics;
using System.Globalization;
using IotStack.Gateway.Broker;
using IotStack.Gateway.Hosting;
using IotStack.Gateway.Metrics;
using IotStack.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace IotStack.Bench;

internal static class IngestBenchmark
{
    private const int Publishers = 4;
    private const int Devices = 40;
    private const int SamplesPerBatch = 16;

    /// <summary>
    /// Messages published but not yet consumed, at most. Mosquitto drops QoS 1 messages for a subscriber beyond
    /// max_queued_messages (default 1000) on top of its in-flight window (the gateway's Receive Maximum, 2000):
    /// an open-loop publisher faster than the consumer would lose messages and never finish. A closed loop
    /// bounded below that measures what the consumer sustains, with the backlog (and so the lag) bounded.
    /// </summary>
    private const int Window = 2000;

    private static readonly TimeSpan StallAfter = TimeSpan.FromSeconds(20);

    /// <summary>The last run's process CPU per message, by label ("baseline", "gateway").</summary>
    private static readonly Dictionary<string, double> Cpu = new();

    public static async Task<int> RunAsync(string[] args)
    {
        string mqtt = Arg(args, "--mqtt") ?? Environment.GetEnvironmentVariable("IOTSTACK_TEST_MQTT") ?? "127.0.0.1:1883";
        int messages = int.Parse(Arg(args, "--messages") ?? "20000", CultureInfo.InvariantCulture);
        int rounds = int.Parse(Arg(args, "--rounds") ?? "5", CultureInfo.InvariantCulture);
        // The gateway's default runs the statistical ensemble on every series; false measures limits-only ingest.
        string statistical = Arg(args, "--statistical") ?? "true";
        // Unmeasured first pass of both sides: the first run of each otherwise pays JIT and connection warm-up.
        int warmup = int.Parse(Arg(args, "--warmup") ?? "5000", CultureInfo.InvariantCulture);
        string host = mqtt[..mqtt.LastIndexOf(':')];
        int port = int.Parse(mqtt[(mqtt.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
        Console.WriteLine($"Broker {host}:{port}, {messages} messages of {SamplesPerBatch} samples from {Devices} devices over {Publishers} publishers, " +
            $"at most {Window} in flight, {warmup} warm-up messages, {rounds} rounds (baseline and gateway alternate which goes first), statistical detectors {statistical}");

        if (warmup > 0)
        {
            string fleet = "warm" + Guid.NewGuid().ToString("N")[..6];
            await CountingSubscriberAsync(host, port, fleet + "b", warmup).ConfigureAwait(false);
            await GatewayAsync(host, port, fleet + "g", warmup, statistical).ConfigureAwait(false);
            Console.WriteLine($"warm-up: {warmup} messages each, not counted");
        }

        var baseline = new List<double>();
        var gateway = new List<double>();
        var ratios = new List<double>();
        var extraCpu = new List<double>();
        for (int round = 1; round <= rounds; round++)
        {
            string fleet = "bench" + round.ToString(CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..6];
            double b;
            double g;
            if (round % 2 == 1)
            {
                b = await CountingSubscriberAsync(host, port, fleet + "b", messages).ConfigureAwait(false);
                g = await GatewayAsync(host, port, fleet + "g", messages, statistical).ConfigureAwait(false);
            }
            else
            {
                g = await GatewayAsync(host, port, fleet + "g", messages, statistical).ConfigureAwait(false);
                b = await CountingSubscriberAsync(host, port, fleet + "b", messages).ConfigureAwait(false);
            }

            baseline.Add(b);
            gateway.Add(g);
            ratios.Add(g / b);
            extraCpu.Add(Cpu["gateway"] - Cpu["baseline"]);
            Console.WriteLine($"round {round}/{rounds}: bare subscriber {b:F0} msg/s, gateway → SQLite {g:F0} msg/s, ratio {g / b:F2}");
        }

        Console.WriteLine();
        Console.WriteLine("| round | bare subscriber msg/s | gateway msg/s | ratio | gateway CPU µs/msg beyond the bare subscriber |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        for (int i = 0; i < rounds; i++)
        {
            Console.WriteLine($"| {i + 1} | {baseline[i]:F0} | {gateway[i]:F0} | {ratios[i]:F2} | {extraCpu[i]:F1} |");
        }

        Console.WriteLine($"| median | {Median(baseline):F0} | {Median(gateway):F0} | {Median(ratios):F2} | {Median(extraCpu):F1} |");
        Console.WriteLine();
        Console.WriteLine($"samples/s (median): bare {Median(baseline) * SamplesPerBatch:F0}, gateway {Median(gateway) * SamplesPerBatch:F0}; " +
            $"gateway = decode + SQLite commit + QoS 1 ack after commit + detection (statistical {statistical}); baseline counts only (QoS 1 auto-ack)");
        return 0;
    }

    private static Task<double> CountingSubscriberAsync(string host, int port, string fleet, int messages) =>
        CountingSubscriberAsync(new BrokerConnection(host, port), fleet, messages);

    /// <summary>The baseline: an MQTTnet client that only counts what it receives (QoS 1, auto-acknowledged).</summary>
    /// <param name="subscriber">Adds the subscriber's credentials; <paramref name="publishers"/> the publishers'.</param>
    public static async Task<double> CountingSubscriberAsync(
        BrokerConnection broker, string fleet, int messages,
        Func<MqttClientOptionsBuilder, MqttClientOptionsBuilder>? subscriber = null, Func<MqttClientOptionsBuilder, MqttClientOptionsBuilder>? publishers = null,
        double pace = 0)
    {
        using IMqttClient client = new MqttClientFactory().CreateMqttClient();
        long received = 0;
        client.ApplicationMessageReceivedAsync += _ =>
        {
            Interlocked.Increment(ref received);
            return Task.CompletedTask;
        };
        MqttClientOptionsBuilder options = broker.CreateOptions().WithProtocolVersion(MqttProtocolVersion.V500).WithClientId("bench-count-" + fleet).WithReceiveMaximum(2000);
        await client.ConnectAsync((subscriber?.Invoke(options) ?? options).Build()).ConfigureAwait(false);
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter($"iot/{fleet}/+/telemetry", MqttQualityOfServiceLevel.AtLeastOnce).Build()).ConfigureAwait(false);
        double rate = await PublishAndWaitAsync(broker, fleet, messages, "baseline", () => Interlocked.Read(ref received), publishers, pace).ConfigureAwait(false);
        await client.DisconnectAsync().ConfigureAwait(false);
        return rate;
    }

    private static async Task<double> GatewayAsync(string host, int port, string fleet, int messages, string statistical)
    {
        string dir = Path.Combine(Path.GetTempPath(), "iotstack-bench", fleet);
        Directory.CreateDirectory(dir);
        WebApplication app = GatewayHost.Build([], new Dictionary<string, string?>
        {
            ["IotStack:Broker:Mode"] = "External",
            ["IotStack:Broker:Host"] = host,
            ["IotStack:Broker:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["IotStack:Broker:ClientId"] = "bench-gw-" + fleet,
            ["IotStack:Storage:SqlitePath"] = Path.Combine(dir, "bench.db"),
            ["IotStack:Http:Urls"] = "http://127.0.0.1:0",
            ["IotStack:Ingest:StatisticalDetectors"] = statistical,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await using (app.ConfigureAwait(false))
        {
            await app.StartAsync().ConfigureAwait(false);
            var client = app.Services.GetRequiredService<IotStack.Gateway.Broker.GatewayMqttClient>();
            while (!client.IsReady)
            {
                await Task.Delay(20).ConfigureAwait(false);
            }

            GatewayMetrics metrics = app.Services.GetRequiredService<GatewayMetrics>();
            long before = metrics.BatchesStored;
            double rate = await PublishAndWaitAsync(host, port, fleet, messages, "gateway", () => metrics.BatchesStored - before).ConfigureAwait(false);
            double wall = messages / rate;
            Console.WriteLine($"  gateway: {metrics.Commits} commits, {(double)metrics.BatchesStored / Math.Max(1, metrics.Commits):F1} messages per commit; " +
                $"writer busy {Share(metrics.DecodeTime)} decode, {Share(metrics.StoreTime)} store, {Share(metrics.AckTime)} ack, {Share(metrics.SinkTime)} after-commit " +
                $"(of which {Share(metrics.DetectorTime)} detectors) of {wall:F2} s wall");
            await app.StopAsync().ConfigureAwait(false);
            return rate;

            string Share(TimeSpan t) => $"{t.TotalSeconds:F2} s ({t.TotalSeconds / wall:P0})";
        }
    }

    /// <summary>
    /// Publishes with several clients at once, never more than <see cref="Window"/> ahead of <paramref name="consumed"/>;
    /// the rate is messages over first publish → last one consumed. Prints progress; a stall fails the run instead of hanging.
    /// </summary>
    private static Task<double> PublishAndWaitAsync(string host, int port, string fleet, int messages, string label, Func<long> consumed) =>
        PublishAndWaitAsync(new BrokerConnection(host, port), fleet, messages, label, consumed);

    /// <param name="broker">Where the publishers connect (with its CA: MQTT over TLS).</param>
    /// <param name="account">Adds the publishers' credentials (the embedded broker refuses anonymous clients).</param>
    /// <param name="pace">
    /// Messages per second at most, all publishers together (0 = as fast as the window allows): compares CPU per message
    /// of consumers at the same rate, since a slower consumer also batches less (more system calls and commits per message).
    /// </param>
    public static async Task<double> PublishAndWaitAsync(
        BrokerConnection broker, string fleet, int messages, string label, Func<long> consumed, Func<MqttClientOptionsBuilder, MqttClientOptionsBuilder>? account = null,
        double pace = 0)
    {
        byte[][] frames = Frames(messages);
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clients = new List<IMqttClient>();
        for (int p = 0; p < Publishers; p++)
        {
            IMqttClient c = new MqttClientFactory().CreateMqttClient();
            MqttClientOptionsBuilder options = broker.CreateOptions().WithProtocolVersion(MqttProtocolVersion.V500).WithClientId($"bench-pub-{fleet}-{p}");
            await c.ConnectAsync((account?.Invoke(options) ?? options).Build()).ConfigureAwait(false);
            clients.Add(c);
        }

        long published = 0;
        var watch = Stopwatch.StartNew();
        Task publishing = Task.WhenAll(clients.Select((c, p) => Task.Run(async () =>
        {
            for (int i = p; i < messages; i += Publishers)
            {
                while (Interlocked.Read(ref published) - consumed() >= Window || (pace > 0 && watch.Elapsed.TotalSeconds < i / pace))
                {
                    await Task.Delay(1).ConfigureAwait(false);
                }

                Interlocked.Increment(ref published);
                // Unique per run: the store knows a device by its id, and a repeated id with repeated sequences is a duplicate.
                string device = fleet + "-d" + (i % Devices).ToString(CultureInfo.InvariantCulture);
                await c.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"iot/{fleet}/{device}/telemetry").WithPayload(frames[i])
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build()).ConfigureAwait(false);
            }
        })));

        long last = -1;
        TimeSpan lastChange = TimeSpan.Zero;
        TimeSpan lastPrint = TimeSpan.Zero;
        while (true)
        {
            long done = consumed();
            if (done >= messages)
            {
                break;
            }

            if (done != last)
            {
                last = done;
                lastChange = watch.Elapsed;
            }
            else if (watch.Elapsed - lastChange > StallAfter)
            {
                throw new TimeoutException($"{label}: stalled at {done}/{messages} consumed, {Interlocked.Read(ref published)} published");
            }

            if (watch.Elapsed - lastPrint >= TimeSpan.FromSeconds(2))
            {
                lastPrint = watch.Elapsed;
                Console.WriteLine($"  {label}: {done}/{messages} after {watch.Elapsed.TotalSeconds:F0} s ({done / watch.Elapsed.TotalSeconds:F0} msg/s)");
            }

            await Task.Delay(5).ConfigureAwait(false);
        }

        watch.Stop();
        // This process runs the publishers too, the same in both runs: the difference between the two is the gateway's own CPU.
        double cpuPerMessage = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMicroseconds / messages;
        Console.WriteLine($"  {label}: {messages / watch.Elapsed.TotalSeconds:F0} msg/s, bench process CPU {cpuPerMessage:F1} µs per message");
        Cpu[label] = cpuPerMessage;
        await publishing.ConfigureAwait(false);
        foreach (IMqttClient c in clients)
        {
            await c.DisconnectAsync().ConfigureAwait(false);
            c.Dispose();
        }

        return messages / watch.Elapsed.TotalSeconds;
    }

    private static byte[][] Frames(int messages)
    {
        long t0 = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - 3_600_000;
        var batch = new TelemetryBatch();
        var frames = new byte[messages][];
        for (int i = 0; i < messages; i++)
        {
            batch.Clear();
            batch.Sequence = (uint)(i / Devices) + 1;
            for (int s = 0; s < SamplesPerBatch; s++)
            {
                batch.Add((byte)((s % 3) + 1), t0 + (i * 10L) + s, 20f + (s * 0.1f));
            }

            frames[i] = new byte[batch.FrameLength];
            batch.WriteTo(frames[i], 0);
        }

        return frames;
    }

    public static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    public static string? Arg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
