using IotStack.Firmware.Hal;
using IotStack.Firmware.Host.Faults;
using IotStack.Firmware.Host.Hal;
using IotStack.Firmware.Host.Simulation;
using IotStack.Firmware.Runtime;
using IotStack.Firmware.Sensors;
using IotStack.Protocol;
using MQTTnet;

namespace IotStack.Firmware.Host.Fleet;

/// <summary>
/// One virtual board: the real firmware core (<see cref="DeviceRuntime"/> with the real BME280 and SHT31 drivers)
/// on simulated chips, a folder as flash and MQTTnet as the radio. A reboot — by command, watchdog, crash or
/// injected power cycle — starts a new core on the same flash, as the chip would after reset.
/// </summary>
internal sealed class VirtualDevice : ITickedDevice, IDisposable
{
    /// <summary>Longest pause between ticks: bounds sampling jitter and how fast commands are picked up.</summary>
    public static readonly TimeSpan MaxTickInterval = TimeSpan.FromMilliseconds(100);

    private readonly DeviceConfig config;
    private readonly MqttNetTransport transport;
    private readonly ISensor[] sensors;
    private readonly TimeSpan tickInterval;
    private readonly object gate = new();
    private long carriedSamples;
    private long carriedSensorErrors;
    private long carriedSendFailures;
    private long carriedCheckEvents;
    private int reboots;

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
        transport = new MqttNetTransport(factory, options.BrokerHost, options.BrokerPort, options.Transport, faults, counters);
        sensors = [new Bme280(Bme280), new Sht31(Sht31, 0)]; // the simulated SHT31 converts at once: no wait
        config = new DeviceConfig(options.Fleet, deviceId, options.FirmwareVersion);
        tickInterval = TimeSpan.FromMilliseconds(Math.Clamp(250.0 / options.RateHz, 10.0, MaxTickInterval.TotalMilliseconds));
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

    /// <summary>The running core; replaced by a new one at each reboot.</summary>
    public DeviceRuntime Runtime { get; private set; }

    public bool IsConnected => transport.IsConnected;

    public int Reboots => Volatile.Read(ref reboots);

    public int QueueDepth => Runtime.Queue.Depth;

    public long QueueDropped => Runtime.Queue.Dropped;

    public long SamplesTaken => Interlocked.Read(ref carriedSamples) + Runtime.Counters.SamplesTaken;

    public long SensorErrors => Interlocked.Read(ref carriedSensorErrors) + Runtime.Counters.SensorErrors;

    public long SendFailures => Interlocked.Read(ref carriedSendFailures) + Runtime.Counters.SendFailures;

    public long CheckEvents => Interlocked.Read(ref carriedCheckEvents) + Runtime.Counters.CheckEvents;

    /// <summary>Restores the core's state from flash and initialises the sensors (the boot sequence).</summary>
    public void Start()
    {
        lock (gate)
        {
            Runtime.Start();
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

            Runtime.Tick();
            if (Board.TakeReboot(out ResetReason reason))
            {
                Restart(reason, powerCut: reason != ResetReason.Software);
            }

            return tickInterval;
        }
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

    private DeviceRuntime NewRuntime() => new(config, Board, Clock, Flash, transport, sensors);

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
        Runtime = NewRuntime();
        Runtime.Start();
    }
}
