using System.Diagnostics;
using System.Globalization;
using IotStack.Firmware.Host.Fleet;

namespace IotStack.Firmware.Host.Cli;

/// <summary>One run of the CLI: start the verifier (if asked), the fleet, print the summary, stop, report.</summary>
internal sealed class BoardRun
{
    private static readonly TimeSpan InteractiveRefresh = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LogRefresh = TimeSpan.FromSeconds(5);

    private readonly FleetOptions options;
    private readonly TimeSpan duration;
    private readonly bool verify;
    private readonly TextWriter output;
    private readonly TimeProvider time;

    public BoardRun(FleetOptions options, TimeSpan duration, bool verify, TextWriter output, TimeProvider time)
    {
        this.options = options;
        this.duration = duration;
        this.verify = verify;
        this.output = output;
        this.time = time;
    }

    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        bool interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        TelemetryVerifier? verifier = null;
        if (verify)
        {
            verifier = new TelemetryVerifier(options.Fleet, time);
            await verifier.StartAsync(options.BrokerHost, options.BrokerPort, options.Transport.BrokerCa, options.Credential, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            using var fleet = new VirtualFleet(options, time);
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"iotstack-board: {options.Devices} devices at {options.RateHz} Hz -> {options.BrokerHost}:{options.BrokerPort}, fleet '{options.Fleet}', "
                + $"{fleet.SchedulerThreads} scheduler threads, data in {options.DataDirectory}")).ConfigureAwait(false);
            if (!options.Faults.IsEmpty)
            {
                await output.WriteLineAsync($"faults {options.Faults} on {fleet.FaultyDevices.Count} devices: {string.Join(' ', fleet.FaultyDevices.Take(20))}{(fleet.FaultyDevices.Count > 20 ? " ..." : string.Empty)}").ConfigureAwait(false);
            }

            TimeSpan cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
            fleet.Start();
            FleetSnapshot first = fleet.Snapshot();
            FleetSnapshot previous = first;
            FleetSnapshot logged = first;
            TimeSpan refresh = interactive ? InteractiveRefresh : LogRefresh;
            try
            {
                while (duration <= TimeSpan.Zero || fleet.Elapsed < duration)
                {
                    await Task.Delay(InteractiveRefresh, time, cancellationToken).ConfigureAwait(false);
                    FleetSnapshot now = fleet.Snapshot();
                    if (interactive)
                    {
                        await output.WriteAsync("\r" + SummaryLine.Format(now, previous) + "   ").ConfigureAwait(false);
                    }
                    else if (now.Elapsed - logged.Elapsed >= refresh)
                    {
                        await output.WriteLineAsync(SummaryLine.Format(now, logged)).ConfigureAwait(false);
                        logged = now;
                    }

                    previous = now;
                }
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C: stop and report like the end of a timed run.
            }

            int connectedAtEnd = fleet.Snapshot().Connected;
            fleet.Stop();
            FleetSnapshot last = fleet.Snapshot() with { Connected = connectedAtEnd }; // counters final once ticking stopped
            TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuStart;
            if (interactive)
            {
                await output.WriteLineAsync().ConfigureAwait(false);
            }

            await output.WriteLineAsync("total " + SummaryLine.Format(last, first)).ConfigureAwait(false);
            double seconds = Math.Max(0.001, (last.Elapsed - first.Elapsed).TotalSeconds);
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"cpu {cpu.TotalSeconds / seconds * 100.0:F0}% of one core ({Environment.ProcessorCount} cores), telemetry {last.TelemetryPublished / seconds:F1} msg/s, "
                + $"send failures {last.SendFailures}, connect failures {last.ConnectFailures}, sensor errors {last.SensorErrors}, queue dropped {last.QueueDropped}, "
                + $"ticks {last.Ticks} (late {last.LateTicks})")).ConfigureAwait(false);

            if (verifier is not null)
            {
                await verifier.SettleAsync(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(20), CancellationToken.None).ConfigureAwait(false);
                VerifyReport report = verifier.Report();
                await output.WriteLineAsync(report + $", published-not-received {last.TelemetryPublished - report.Received}").ConfigureAwait(false);
                return report.Clean ? 0 : 3;
            }

            return 0;
        }
        finally
        {
            if (verifier is not null)
            {
                await verifier.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
