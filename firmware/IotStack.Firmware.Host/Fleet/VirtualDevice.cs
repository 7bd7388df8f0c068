using IotStack.Firmware.Hal;
using IotStack.Firmware.Host.Faults;
using IotStack.Firmware.Host.Hal;
using IotStack.Firmware.Host.Ota;
using IotStack.Firmware.Host.Simulation;
using IotStack.Firmware.Ota;
using IotStack.Firmware.Ota.Loader;
using IotStack.Firmware.Runtime;
using IotStack.Firmware.Sensors;
using IotStack.Protocol;
using MQTTnet;

namespace IotStack.Firmware.Host.Fleet;

/// <summary>
/// One virtual board: the real firmware core (<see cref="DeviceRuntime"/> with the real BME280 and SHT31 drivers)
/// on simulated chips, a folder as flash and MQTTnet as the radio. A reboot — by command, watchdog, crash or
/// injected power cycle — starts a new core on the same flash, as the chip would after reset. With OTA, every boot goes
/// through the board's loader (<see cref="SlotLoader"/>): it picks the slot, counts unconfirmed boots and falls back to
/// the previous slot; its <see cref="VirtualAssemblyLoader"/> then starts the core as the release it chose.
/// </summary>
internal sealed class VirtualDevice : IFleetDevice
{
    /// <summary>Longest pause between ticks: bounds how late a command, a reconnect or an age-based batch flush is handled.</summary>
    public static readonly TimeSpan MaxTickInterval = TimeSpan.FromMilliseconds(250);

    private const long DuePollMs = 5;

    private readonly string fleet;
    private readonly string factoryVersion;
    private readonly byte[]? otaPublicKey;
    private readonly OtaOptions? otaOptions;
    private readonly MqttNetTransport transport;
    private readonly ISensor[] sensors;
    private readonly TimeSpan tickInterval;
    private readonly IReadOnlyDictionary<string, FaultPlan>? releaseFaultPlans;
    private readonly int seed;
    private readonly TimeProvider runTime;
    private DeviceFaults? releaseFaults;
    private readonly object gate = new();
    private long carriedSamples;
    private long carriedSensorErrors;
    private long carriedSendFailures;
    private long carriedCheckEvents;
    private int reboots;
    private long nextBmeDueMs;
    private long nextShtDueMs;
    private long hangAtMs = -1;
    private bool bricked;

    public VirtualDevice(string deviceId, FleetOptions options, RunClock runClock, DeviceFaults faults, MqttClientFactory factory, TransportCounters counters, int seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runClock);
        Id = deviceId;
        Faults = faults ?? throw new ArgumentNullException(nameof(faults));
        Clock = new HostClock(runClock.Time);
        Board = new VirtualBoard(Clock, options.WatchdogTimeout);
        Flash = new FolderFlashStore(Path.Combine(options.DataDirectory, deviceId), options.FlashBytesPerDevice);
        Environment = new PhysicalEnvironment(runClock, seed);
        Bme280 = new Bme280Chip(Environment, faults, Bme280Trimming.ForDevice(new Random(seed ^ 0x5EED)));
        Sht31 = new Sht31Chip(Environment, faults);
        transport = new MqttNetTransport(factory, options.BrokerHost, options.BrokerPort, options.Transport, faults, counters, options.CredentialFor(deviceId));
        sensors = [new Bme280(Bme280), new Sht31(Sht31, 0)]; // the simulated SHT31 converts at once: no wait
        fleet = options.Fleet;
        factoryVersion = options.FirmwareVersion;
        otaPublicKey = options.OtaPublicKey;
        otaOptions = options.Ota;
        tickInterval = MaxTickInterval;
        releaseFaultPlans = options.ReleaseFaults;
        this.seed = seed;
        runTime = runClock.Time;
        Runtime = NewRuntime();
    }

    public string Id { get; }

    public HostClock Clock { get; }

    public VirtualBoard Board { get; }

    public FolderFlashStore Flash { get; }

    public PhysicalEnvironment Environment { get; }

    public DeviceFaults Faults { get; }

    public Bme280Chip Bme280 { get; }

    public Sht31Chip Sht31 { get; }

    public IMqttTransport Transport => transport;

    /// <summary>The OTA side of the running core, or null when the fleet runs without a release key.</summary>
    public OtaAgent? Ota { get; private set; }

    /// <summary>Version of the image in the active slot (the factory version until an update is confirmed).</summary>
    public string RunningVersion => Ota?.Updater.RunningVersion ?? factoryVersion;

    /// <summary>The running core; replaced by a new one at each reboot.</summary>
    public DeviceRuntime Runtime { get; private set; }

    public bool IsConnected => transport.IsConnected;

    /// <summary>How the loader ended the last boot (null without OTA).</summary>
    public LoaderOutcome? LastBoot { get; private set; }

    /// <summary>Why the loader fell back at the last boot (empty when it did not).</summary>
    public string LoaderProblem { get; private set; } = string.Empty;

    public int Reboots => Volatile.Read(ref reboots);

    public int QueueDepth => Runtime.Queue.Depth;

    public long QueueDropped => Runtime.Queue.Dropped;

    public long SamplesTaken => Interlocked.Read(ref carriedSamples) + Runtime.Counters.SamplesTaken;

    public long SensorErrors => Interlocked.Read(ref carriedSensorErrors) + Runtime.Counters.SensorErrors;

    public long SendFailures => Interlocked.Read(ref carriedSendFailures) + Runtime.Counters.SendFailures;

    public long CheckEvents => Interlocked.Read(ref carriedCheckEvents) + Runtime.Counters.CheckEvents;

    public void PowerOn(double rateHz, int batchSamples)
    {
        FactorySettings.Write(Flash, rateHz, batchSamples);
        Start();
    }

    /// <summary>Restores the core's state from flash and initialises the sensors (the boot sequence).</summary>
    public void Start()
    {
        lock (gate)
        {
            StartCore();
        }
    }

    public TimeSpan Tick()
    {
        lock (gate)
        {
            if (Faults.TakeReboot())
            {
                Restart(ResetReason.PowerOn, powerCut: true);
            }

            if (TakeReleaseFaults())
            {
                Restart(ResetReason.Panic, powerCut: true);
            }

            if (bricked || (hangAtMs >= 0 && Clock.UptimeMs >= hangAtMs))
            {
                // Nothing runs: a power cycle (above) or, for a hung application, the watchdog restarts the board.
                if (!bricked && Board.TakeReboot(out ResetReason hung))
                {
                    Restart(hung, powerCut: true);
                }

                return MaxTickInterval;
            }

            long uptime = Clock.UptimeMs;
            long bmeTransfers = Bme280.Transfers;
            long shtTransfers = Sht31.Transfers;
            Runtime.Tick();
            nextBmeDueMs = NextDue(nextBmeDueMs, Bme280.Transfers != bmeTransfers, uptime, Channel.Temperature);
            nextShtDueMs = NextDue(nextShtDueMs, Sht31.Transfers != shtTransfers, uptime, Channel.Sht31Temperature);

            if (Board.TakeReboot(out ResetReason reason))
            {
                Restart(reason, powerCut: reason != ResetReason.Software);
                return TimeSpan.FromMilliseconds(1);
            }

            return NextTickDelay();
        }
    }

    /// <summary>
    /// The next tick lands on the next sensor due time instead of polling, so sampling keeps its rate and a big fleet
    /// does few idle ticks. Ticks still come at least every <see cref="MaxTickInterval"/>.
    /// </summary>
    /// <summary>
    /// Only the sampler talks to the chips, so a transfer during the tick means the sensor was read (or tried: a failed
    /// read is rescheduled the same way) and is due again a period later, as SensorScheduler computes it. A due time
    /// that passed without a read (the core's clock read a millisecond later, or a command lengthened the period) is
    /// polled gently until the core reads.
    /// </summary>
    private long NextDue(long due, bool read, long uptime, byte firstChannel)
    {
        if (read)
        {
            return uptime + Runtime.Settings.SamplePeriodMs(firstChannel);
        }

        return due <= uptime ? uptime + DuePollMs : due;
    }

    private TimeSpan NextTickDelay()
    {
        long now = Clock.UptimeMs;
        long due = Math.Min(nextBmeDueMs, nextShtDueMs);
        long wait = Math.Clamp(due - now, 0, (long)tickInterval.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(wait);
    }

    /// <summary>
    /// Faults of the running release (<see cref="FleetOptions.ReleaseFaults"/>): their clock starts once the version runs
    /// confirmed and the updater is idle. Error records go through the core's logger as the application's would. True: reboot now.
    /// </summary>
    private bool TakeReleaseFaults()
    {
        if (releaseFaults is null)
        {
            if (releaseFaultPlans is null || Ota is null || Ota.Updater.Step != OtaStep.Idle
                || !releaseFaultPlans.TryGetValue(RunningVersion, out FaultPlan? plan))
            {
                return false;
            }

            releaseFaults = new DeviceFaults(plan.Faults, new RunClock(runTime), seed);
        }

        if (Ota is not null && Ota.Updater.Step != OtaStep.Idle)
        {
            return false;
        }

        for (int due = releaseFaults.TakeErrorLogs(); due > 0; due--)
        {
            Runtime.Log(LogLevel.Error, "app", "release " + RunningVersion + " fault: unhandled exception in the sample handler");
        }

        return releaseFaults.TakeReboot();
    }

    public void OnTickFault(Exception fault)
    {
        lock (gate)
        {
            Runtime.Log(LogLevel.Critical, "host", "tick fault " + fault.GetType().Name + ": " + fault.Message);
            Restart(ResetReason.Panic, powerCut: true);
        }
    }

    /// <summary>Leaves the broker cleanly (DISCONNECT: no will), as a board being switched off for maintenance would not; used when the fleet stops.</summary>
    public void Disconnect() => transport.Disconnect();

    public void Dispose() => transport.Dispose();

    /// <summary>
    /// A core as after reset. With OTA the board's loader runs first: it reads the boot record, checks and "loads" the
    /// active slot's files, counts a boot on probation and may switch back to the previous slot; its entry point starts
    /// the core as the version the boot record then names. No release in a slot: the built-in (factory) firmware runs.
    /// Nothing startable (both slots broken): the board stays dead, as a real one would until redeployed.
    /// </summary>
    private DeviceRuntime NewRuntime()
    {
        bricked = false;
        hangAtMs = -1;
        if (otaPublicKey is null)
        {
            return NewCore(null);
        }

        DeviceRuntime? started = null;
        var loader = new SlotLoader(Flash, new VirtualAssemblyLoader(() =>
        {
            started = NewCore(BootRecord.Load(Flash));
            return true;
        }), SlotLoader.DefaultMaxAttempts);
        LoaderOutcome outcome = loader.Boot();
        LastBoot = outcome;
        LoaderProblem = loader.Problem;
        switch (outcome)
        {
            case LoaderOutcome.Started or LoaderOutcome.StartedPrevious when started is not null:
                return started;
            case LoaderOutcome.NoApplication:
                return NewCore(BootRecord.Load(Flash));
            default:
                bricked = true;
                return NewCore(BootRecord.Load(Flash));
        }
    }

    /// <summary>
    /// The firmware core as a given release: the status report carries the version of the active slot, read from the
    /// boot record the updater keeps in flash, and the agent runs the updater's boot-time recovery before the first tick.
    /// </summary>
    private DeviceRuntime NewCore(BootRecord? boot)
    {
        var config = new DeviceConfig(fleet, Id, boot?.Version ?? factoryVersion);
        if (boot is not null)
        {
            config.ActiveSlot = (byte)boot.ActiveSlot;
        }

        if (otaPublicKey is not null)
        {
            config.InboxSlotBytes = Math.Max(config.InboxSlotBytes, OtaAgent.MaxFrameBytes);
        }

        var runtime = new DeviceRuntime(config, Board, Clock, Flash, transport, sensors);
        if (otaPublicKey is not null)
        {
            var agent = new OtaAgent(runtime, runtime.Topics);
            agent.Attach(runtime, new OtaUpdater(Flash, Clock, Board, agent, otaPublicKey, factoryVersion, otaOptions));
            Ota = agent;
        }

        hangAtMs = HangAfterMs(config.FirmwareVersion);
        return runtime;
    }

    /// <summary>When the release's application hangs after boot (<see cref="FaultKind.Hang"/>), or -1.</summary>
    private long HangAfterMs(string version)
    {
        if (releaseFaultPlans is null || !releaseFaultPlans.TryGetValue(version, out FaultPlan? plan))
        {
            return -1;
        }

        FaultSpec? hang = plan.Faults.FirstOrDefault(f => f.Kind == FaultKind.Hang);
        return hang is null ? -1 : (long)hang.Start.TotalMilliseconds;
    }

    private void StartCore()
    {
        if (!bricked)
        {
            Runtime.Start();
        }
    }

    private void Restart(ResetReason reason, bool powerCut)
    {
        if (powerCut)
        {
            transport.Cut(); // no DISCONNECT: the broker publishes the retained Offline will
        }
        else
        {
            transport.Disconnect();
        }

        Interlocked.Add(ref carriedSamples, Runtime.Counters.SamplesTaken);
        Interlocked.Add(ref carriedSensorErrors, Runtime.Counters.SensorErrors);
        Interlocked.Add(ref carriedSendFailures, Runtime.Counters.SendFailures);
        Interlocked.Add(ref carriedCheckEvents, Runtime.Counters.CheckEvents);
        Interlocked.Increment(ref reboots);
        Board.Restarted(reason);
        releaseFaults = null;
        nextBmeDueMs = 0;
        nextShtDueMs = 0;
        Runtime = NewRuntime();
        StartCore();
    }
}
