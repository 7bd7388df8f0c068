using System.Diagnostics;
using System.Globalization;
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

    public static async Task<int> RunAsync(string[] args)
    {
        string mqtt = Arg(args, "--mqtt") ?? Environment.GetEnvironmentVariable("IOTSTACK_TEST_MQTT") ?? "127.0.0.1:1883";
        int messages = int.Parse(Arg(args, "--messages") ?? "20000", CultureInfo.InvariantCulture);
        int rounds = int.Parse(Arg(args, "--rounds") ?? "3", CultureInfo.InvariantCulture);
        string host = mqtt[..mqtt.LastIndexOf(':')];
        int port = int.Parse(mqtt[(mqtt.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
        Console.WriteLine($"Broker {host}:{port}, {messages} messages of {SamplesPerBatch} samples from {Devices} devices over {Publishers} publishers, {rounds} rounds");

        var baseline = new List<double>();
        var gateway = new List<double>();
        for (int round = 1; round <= rounds; round++)
        {
            string fleet = "bench" + round.ToString(CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..6];
            baseline.Add(await CountingSubscriberAsync(host, port, fleet + "b", messages).ConfigureAwait(false));
            gateway.Add(await GatewayAsync(host, port, fleet + "g", messages).ConfigureAwait(false));
            Console.WriteLine($"round {round}: bare subscriber {baseline[^1]:F0} msg/s, gateway → SQLite {gateway[^1]:F0} msg/s");
        }

        double b = Median(baseline);
        double g = Median(gateway);
        Console.WriteLine();
        Console.WriteLine("| pipeline | messages/s (median) | samples/s | ratio |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| bare MQTTnet subscriber (counts only, QoS 1 auto-ack) | {b:F0} | {b * SamplesPerBatch:F0} | 1.00 |");
        Console.WriteLine($"| gateway: decode + SQLite commit + ack after commit | {g:F0} | {g * SamplesPerBatch:F0} | {g / b:F2} |");
        return 0;
    }

    private static async Task<double> CountingSubscriberAsync(string host, int port, string fleet, int messages)
    {
        using IMqttClient client = new MqttClientFactory().CreateMqttClient();
        int received = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ApplicationMessageReceivedAsync += _ =>
        {
            if (Interlocked.Increment(ref received) == messages)
            {
                done.TrySetResult();
            }

            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(host, port).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId("bench-count-" + fleet).WithReceiveMaximum(2000).Build()).ConfigureAwait(false);
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter($"iot/{fleet}/+/telemetry", MqttQualityOfServiceLevel.AtLeastOnce).Build()).ConfigureAwait(false);
        double rate = await PublishAndWaitAsync(host, port, fleet, messages, () => done.Task).ConfigureAwait(false);
        await client.DisconnectAsync().ConfigureAwait(false);
        return rate;
    }

    private static async Task<double> GatewayAsync(string host, int port, string fleet, int messages)
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
            double rate = await PublishAndWaitAsync(host, port, fleet, messages, async () =>
            {
                while (metrics.BatchesStored - before < messages)
                {
                    await Task.Delay(5).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
            Console.WriteLine($"  gateway: {metrics.Commits} commits, {(double)metrics.BatchesStored / Math.Max(1, metrics.Commits):F1} messages per commit");
            await app.StopAsync().ConfigureAwait(false);
            return rate;
        }
    }

    /// <summary>Publishes with several clients at once; the rate is messages over first publish → last one consumed.</summary>
    private static async Task<double> PublishAndWaitAsync(string host, int port, string fleet, int messages, Func<Task> consumed)
    {
        byte[][] frames = Frames(messages);
        var clients = new List<IMqttClient>();
        for (int p = 0; p < Publishers; p++)
        {
            IMqttClient c = new MqttClientFactory().CreateMqttClient();
            await c.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(host, port).WithProtocolVersion(MqttProtocolVersion.V500)
                .WithClientId($"bench-pub-{fleet}-{p}").Build()).ConfigureAwait(false);
            clients.Add(c);
        }

        Task wait = consumed();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select((c, p) => Task.Run(async () =>
        {
            for (int i = p; i < messages; i += Publishers)
            {
                string device = "d" + (i % Devices).ToString(CultureInfo.InvariantCulture);
                await c.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"iot/{fleet}/{device}/telemetry").WithPayload(frames[i])
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build()).ConfigureAwait(false);
            }
        }))).ConfigureAwait(false);
        await wait.WaitAsync(TimeSpan.FromMinutes(5)).ConfigureAwait(false);
        watch.Stop();
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

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string? Arg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
