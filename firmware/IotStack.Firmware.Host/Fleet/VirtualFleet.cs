using System.Security.Cryptography.X509Certificates;
using IotStack.Firmware.Host.Faults;
using IotStack.Firmware.Host.Hal;
using IotStack.Firmware.Host.Simulation;
using MQTTnet;

namespace IotStack.Firmware.Host.Fleet;

/// <summary>
/// A fleet of virtual boards in this process, for the <c>iotstack-board</c> CLI and the gateway's demo:
/// <code>
/// using var fleet = new VirtualFleet(new FleetOptions { Devices = 50, BrokerPort = 1883 }, TimeProvider.System);
/// fleet.Start();
/// FleetSnapshot now = fleet.Snapshot();
/// fleet.Stop();
/// </code>
/// Devices run on a few scheduler threads (<see cref="DeviceScheduler"/>), never a thread each. The faults of
/// <see cref="FleetOptions.Faults"/> go to a share of the devices chosen with the seed (or to the listed ones).
/// </summary>
internal sealed class VirtualFleet : IDisposable
{
    private readonly IFleetDevice[] devices;
    private readonly VirtualDevice[] virtualDevices;
    private readonly TransportCounters counters = new();
    private readonly DeviceScheduler scheduler;
    private readonly RunClock clock;
    private readonly object gate = new();
    private bool started;
    private bool stopped;

    public VirtualFleet(FleetOptions options, TimeProvider time)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Devices, 1);
        if (!(options.RateHz > 0 && options.RateHz <= 10))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.RateHz, "Rate must be in (0, 10] Hz: the core samples at most every 100 ms.");
        }

        if (options.BrokerCaFile is { } caFile && options.Transport.BrokerCa is null)
        {
            // Read once for the fleet: every virtual board pins the same CA.
            options = options with { Transport = options.Transport with { BrokerCa = X509CertificateLoader.LoadCertificateFromFile(caFile) } };
            Options = options;
        }

        clock = new RunClock(time);
        var factory = new MqttClientFactory();
        bool[] faulty = ChooseFaultyDevices(options);
        devices = new IFleetDevice[options.Devices];
        for (int i = 0; i < devices.Length; i++)
        {
            int seed = HashCode.Combine(options.Seed, i);
            DeviceFaults faults = faulty[i] ? new DeviceFaults(options.Faults.Faults, clock, seed) : DeviceFaults.None(clock);
            devices[i] = options.Board == BoardKind.Esp32
                ? new Esp32.Esp32Device(options.DeviceId(i), options, clock, faults, counters, seed)
                : new VirtualDevice(options.DeviceId(i), options, clock, faults, factory, counters, seed);
        }

        virtualDevices = devices.OfType<VirtualDevice>().ToArray();

        int threads = options.SchedulerThreads > 0 ? options.SchedulerThreads : DeviceScheduler.DefaultThreads(options.Devices);
        scheduler = new DeviceScheduler(devices, threads, time, lateAfter: TimeSpan.FromMilliseconds(Math.Max(250, 500 / options.RateHz)));
    }

    public FleetOptions Options { get; }

    /// <summary>The boards, whatever they run on.</summary>
    public IReadOnlyList<IFleetDevice> Boards => devices;

    /// <summary>The boards of kind <see cref="BoardKind.Virtual"/> (all of them unless the fleet runs ESP32 boards).</summary>
    public IReadOnlyList<VirtualDevice> Devices => virtualDevices;

    /// <summary>Ids of the devices that received the fault plan.</summary>
    public IReadOnlyList<string> FaultyDevices => devices.Where(d => d.Faults.Faults.Count > 0).Select(d => d.Id).ToArray();

    public int SchedulerThreads => scheduler.ThreadCount;

    public TimeSpan Elapsed => clock.Elapsed;

    /// <summary>Writes each board's factory settings, boots every core (state restored from flash) and starts ticking.</summary>
    public void Start()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(stopped, this);
            if (started)
            {
                return;
            }

            started = true;

            // The transports wait synchronously on MQTTnet tasks that complete on the thread pool: keep enough pool
            // threads ready that those completions never queue behind the pool's slow thread injection.
            ThreadPool.GetMinThreads(out int workers, out int io);
            ThreadPool.SetMinThreads(Math.Max(workers, scheduler.ThreadCount * 2), io);
            // Boots read and write each board's flash folder: done side by side, they take seconds, not tens of them.
            Parallel.ForEach(devices, new ParallelOptions { MaxDegreeOfParallelism = 8 }, device =>
            {
                device.PowerOn(Options.RateHz, Options.BatchSamples);
            });

            clock.Restart(); // fault times and the summary count from here
            scheduler.Start();
        }
    }

    /// <summary>Stops ticking (bounded wait), then disconnects every board cleanly. Idempotent.</summary>
    public void Stop()
    {
        lock (gate)
        {
            if (stopped)
            {
                return;
            }

            stopped = true;
            scheduler.Stop(TimeSpan.FromSeconds(15));
            Parallel.ForEach(devices, new ParallelOptions { MaxDegreeOfParallelism = 8 }, d => d.Disconnect());
        }
    }

    public FleetSnapshot Snapshot()
    {
        int connected = 0;
        long samples = 0, queued = 0, dropped = 0, sensorErrors = 0, sendFailures = 0, reboots = 0;
        foreach (IFleetDevice device in devices)
        {
            connected += device.IsConnected ? 1 : 0;
            samples += device.SamplesTaken;
            queued += device.QueueDepth;
            dropped += device.QueueDropped;
            sensorErrors += device.SensorErrors;
            sendFailures += device.SendFailures;
            reboots += device.Reboots;
        }

        return new FleetSnapshot(
            clock.Elapsed, devices.Length, connected, samples,
            counters.TelemetryPublished, counters.FindingsPublished, counters.OtherPublished,
            queued, dropped, sensorErrors, sendFailures, counters.ConnectFailures, reboots,
            scheduler.Ticks, scheduler.LateTicks);
    }

    public void Dispose()
    {
        Stop();
        scheduler.Dispose();
        foreach (IFleetDevice device in devices)
        {
            device.Dispose();
        }
    }

    private static bool[] ChooseFaultyDevices(FleetOptions options)
    {
        var faulty = new bool[options.Devices];
        if (options.Faults.IsEmpty)
        {
            return faulty;
        }

        if (options.FaultDevices is { } listed)
        {
            foreach (int index in listed)
            {
                if (index >= 0 && index < faulty.Length)
                {
                    faulty[index] = true;
                }
            }

            return faulty;
        }

        // A partial shuffle with the seed: the same seed faults the same devices run after run.
        int count = (int)Math.Round(Math.Clamp(options.FaultShare, 0.0, 1.0) * options.Devices);
        int[] order = Enumerable.Range(0, options.Devices).ToArray();
        new Random(options.Seed).Shuffle(order);
        for (int i = 0; i < count; i++)
        {
            faulty[order[i]] = true;
        }

        return faulty;
    }
}
