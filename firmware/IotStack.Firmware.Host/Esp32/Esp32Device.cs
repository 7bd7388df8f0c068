using IotStack.Firmware.Esp32.Claim;
using IotStack.Firmware.Esp32.Emulation.Board;
using IotStack.Firmware.Esp32.Hal;
using IotStack.Firmware.Host.Faults;
using IotStack.Firmware.Host.Fleet;
using IotStack.Firmware.Host.Hal;
using IotStack.Firmware.Host.Simulation;
using IotStack.Firmware.Runtime;
using IotStack.Protocol;

namespace IotStack.Firmware.Host.Esp32;

/// <summary>
/// A fleet board that runs the ESP32 project's own code: <see cref="Program.Boot"/> (configuration from I:\, pin
/// routing, Wi-Fi, sensors on nanoFramework's I2C, M2Mqtt transport, internal flash store, software watchdog) on the
/// emulated nanoFramework APIs, with the simulated BME280 and SHT31 wired to GPIO 21/22. The fleet's scheduler ticks
/// the core instead of the board's own loop. Injected outages drop the board's Wi-Fi; a reboot (command, watchdog,
/// injected) resets the emulated chip and boots again from flash. A board that must claim its credential and failed
/// stays without a core and boots again when its firmware's backoff says so, as Program.Main does on the chip.
/// </summary>
internal sealed class Esp32Device : IFleetDevice
{
    private static readonly TimeSpan MaxTickInterval = TimeSpan.FromMilliseconds(250);

    private readonly object _gate = new();
    private long _carriedSamples;
    private long _carriedSensorErrors;
    private long _carriedSendFailures;
    private int _reboots;
    private BoardEnrolment? _enrolment;
    private long _nextClaimMs;
    private int _claimAttempts;

    public Esp32Device(string deviceId, FleetOptions options, RunClock runClock, DeviceFaults faults, TransportCounters counters, int seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(counters);
        Id = deviceId;
        Faults = faults ?? throw new ArgumentNullException(nameof(faults));
        string folder = Path.Combine(options.DataDirectory, deviceId);
        Board = new EmulatedBoard(folder, options.FlashBytesPerDevice)
        {
            PublishAcknowledged = counters.PublishSucceeded,
        };
        Esp32Config.Write(folder, options, deviceId, options.FlashBytesPerDevice * 3 / 4);
        Environment = new PhysicalEnvironment(runClock, seed);
        Bme280 = new Bme280Chip(Environment, faults, Bme280Trimming.ForDevice(new Random(seed ^ 0x5EED)));
        Sht31 = new Sht31Chip(Environment, faults);
        Board.Wire(Esp32Config.SdaPin, Esp32Config.SclPin, Bme280.Address, Bme280);
        Board.Wire(Esp32Config.SdaPin, Esp32Config.SclPin, Sht31.Address, Sht31);
    }

    public string Id { get; }

    public DeviceFaults Faults { get; }

    public EmulatedBoard Board { get; }

    public PhysicalEnvironment Environment { get; }

    public Bme280Chip Bme280 { get; }

    public Sht31Chip Sht31 { get; }

    /// <summary>The running core; null before the first boot or when the configuration is unusable.</summary>
    public DeviceRuntime? Runtime { get; private set; }

    public bool IsConnected => Runtime?.IsOnline ?? false;

    public int Reboots => Volatile.Read(ref _reboots);

    /// <summary>Claim attempts the firmware made (all boots), for a board with only a claim token.</summary>
    public int ClaimAttempts => Volatile.Read(ref _claimAttempts);

    /// <summary>Why the firmware's last claim failed (no secret), while the board waits to claim again; else null.</summary>
    public string? ClaimProblem { get; private set; }

    public int QueueDepth => Runtime?.Queue.Depth ?? 0;

    public long QueueDropped => Runtime?.Queue.Dropped ?? 0;

    public long SamplesTaken => Interlocked.Read(ref _carriedSamples) + (Runtime?.Counters.SamplesTaken ?? 0);

    public long SensorErrors => Interlocked.Read(ref _carriedSensorErrors) + (Runtime?.Counters.SensorErrors ?? 0);

    public long SendFailures => Interlocked.Read(ref _carriedSendFailures) + (Runtime?.Counters.SendFailures ?? 0);

    public void PowerOn(double rateHz, int batchSamples)
    {
        lock (_gate)
        {
            using (BoardContext.Enter(Board))
            {
                // The factory settings go through the board's own flash store, as a provisioning image would write them.
                FactorySettings.Write(new InternalFlashStore("I:\\", Board.FlashCapacityBytes), rateHz, batchSamples);
            }

            Boot();
        }
    }

    public TimeSpan Tick()
    {
        lock (_gate)
        {
            if (Faults.TakeReboot())
            {
                Restart();
            }

            FollowOutage();
            DeviceRuntime? runtime = Runtime;
            if (runtime is null)
            {
                if (_enrolment is not null && System.Environment.TickCount64 >= _nextClaimMs)
                {
                    Boot();
                }

                return MaxTickInterval;
            }

            using (BoardContext.Enter(Board))
            {
                runtime.Tick();
            }

            if (Board.TakeRebootRequest())
            {
                Restart();
                return TimeSpan.FromMilliseconds(1);
            }

            return MaxTickInterval;
        }
    }

    public void OnTickFault(Exception fault)
    {
        lock (_gate)
        {
            using (BoardContext.Enter(Board))
            {
                Runtime?.Log(LogLevel.Critical, "host", "tick fault " + fault.GetType().Name + ": " + fault.Message);
            }

            Restart();
        }
    }

    /// <summary>Switched off at the end of a run: the sockets close without DISCONNECT, as when the power goes.</summary>
    public void Disconnect()
    {
        lock (_gate)
        {
            CarryCounters();
            Board.Reset();
            Runtime = null;
            _enrolment = null;
        }
    }

    public void Dispose() => Disconnect();

    /// <summary>An injected network outage is the access point going away: Wi-Fi drops and comes back when it ends.</summary>
    private void FollowOutage()
    {
        if (Faults.InOutage && Board.WifiUp)
        {
            Board.DropWifi();
        }
        else if (!Faults.InOutage && !Board.WifiUp)
        {
            Board.RestoreWifi();
        }
    }

    private void Boot()
    {
        using (BoardContext.Enter(Board))
        {
            Esp32Board board;
            int before = _enrolment?.Attempts ?? 0;
            DeviceRuntime? runtime = global::IotStack.Firmware.Esp32.Program.Boot(ref _enrolment, out board);
            Interlocked.Add(ref _claimAttempts, (_enrolment?.Attempts ?? 0) - before);
            if (runtime is not null)
            {
                runtime.Start();
                board.StartWatchdog();
                _enrolment = null;
                ClaimProblem = null;
            }
            else if (_enrolment is not null)
            {
                // Not enrolled yet: the firmware's backoff, on the host's tick count as the board's own loop would sleep it.
                ClaimProblem = _enrolment.LastProblem;
                _nextClaimMs = System.Environment.TickCount64 + _enrolment.RetryDelayMs;
            }

            Runtime = runtime;
        }
    }

    /// <summary>Keeps the counts of a core that is about to go (reset or switch-off), so totals survive it.</summary>
    private void CarryCounters()
    {
        if (Runtime is { } old)
        {
            Interlocked.Add(ref _carriedSamples, old.Counters.SamplesTaken);
            Interlocked.Add(ref _carriedSensorErrors, old.Counters.SensorErrors);
            Interlocked.Add(ref _carriedSendFailures, old.Counters.SendFailures);
        }
    }

    private void Restart()
    {
        CarryCounters();
        Interlocked.Increment(ref _reboots);
        Board.Reset();
        Runtime = null;
        _enrolment = null; // a new power-on claims from the start (Wi-Fi first)
        Boot();
    }
}
