using IotStack.Firmware.Host.Faults;
using IotStack.Firmware.Host.Hal;

namespace IotStack.Firmware.Host.Fleet;

/// <summary>How a virtual fleet runs. The CLI fills it from its options; the gateway demo builds one in code.</summary>
internal sealed record FleetOptions
{
    public int Devices { get; init; } = 10;

    /// <summary>What the boards run (host adapters, or the ESP32 project's sources on the nanoFramework emulation).</summary>
    public BoardKind Board { get; init; } = BoardKind.Virtual;

    /// <summary>ESP32 boards: the I2C controller the configuration names (1 or 2); the chips are wired to GPIO 21/22 either way.</summary>
    public int Esp32I2cBus { get; init; } = 1;

    /// <summary>Samples per second per sensor (each sample reads every channel of the sensor).</summary>
    public double RateHz { get; init; } = 1.0;

    /// <summary>Samples per telemetry batch (0 keeps the firmware default of 16).</summary>
    public int BatchSamples { get; init; }

    public string BrokerHost { get; init; } = "127.0.0.1";

    public int BrokerPort { get; init; } = 1883;

    /// <summary>PEM file of the broker's CA: boards connect with TLS and pin it (ESP32 boards get it on I:\); null = plain MQTT.</summary>
    public string? BrokerCaFile { get; init; }

    /// <summary>Fleet id in topics (iot/{fleet}/{device}/…).</summary>
    public string Fleet { get; init; } = "virtual";

    /// <summary>Device ids are this prefix plus a zero-padded index: vdev-0000, vdev-0001, …</summary>
    public string DevicePrefix { get; init; } = "vdev-";

    /// <summary>One broker account for every board (and the --verify subscriber); null connects without credentials.</summary>
    public BrokerCredential? Credential { get; init; }

    /// <summary>Each board's own credential by device id (as <c>iotstack devices add</c> issues them); wins over <see cref="Credential"/>.</summary>
    public Func<string, BrokerCredential?>? DeviceCredentials { get; init; }

    /// <summary>
    /// ESP32 boards: the enrolment token written into iotstack.cfg (<c>claim.token</c>) of each board that has no
    /// credential, so its firmware claims one at boot and keeps it there (docs/security.md, "Claiming"). Virtual boards
    /// claim before the fleet starts instead (<see cref="Claim.FleetClaim"/>).
    /// </summary>
    public Claim.ClaimTokenText? ClaimToken { get; init; }

    public FaultPlan Faults { get; init; } = FaultPlan.None;

    /// <summary>Share of devices (0..1) that get <see cref="Faults"/>, drawn with <see cref="Seed"/>; ignored when <see cref="FaultDevices"/> is set.</summary>
    public double FaultShare { get; init; } = 0.1;

    /// <summary>Device indexes that get the faults, instead of a random share.</summary>
    public IReadOnlyList<int>? FaultDevices { get; init; }

    /// <summary>Each device keeps its flash in a subfolder named after it.</summary>
    public string DataDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "iotstack-board");

    public int Seed { get; init; } = 1;

    /// <summary>Flash budget per device (the ESP32's internal file system is about 1 MB).</summary>
    public long FlashBytesPerDevice { get; init; } = 1024 * 1024;

    /// <summary>Threads that tick devices; 0 picks a count from the fleet size and the processor count.</summary>
    public int SchedulerThreads { get; init; }

    public TransportOptions Transport { get; init; } = new();

    public string FirmwareVersion { get; init; } = "host-" + typeof(FleetOptions).Assembly.GetName().Version?.ToString(3);

    /// <summary>A device's loop must feed the watchdog within this time or the board restarts (0: off).</summary>
    /// <summary>Ed25519 public key of the fleet's release signer (32 bytes); null runs the boards without the OTA agent.</summary>
    public byte[]? OtaPublicKey { get; init; }

    /// <summary>Board-side OTA settings (chunk size, timeouts, probation); null for the firmware defaults.</summary>
    public IotStack.Firmware.Ota.OtaOptions? Ota { get; init; }

    public TimeSpan WatchdogTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A sick release: faults every board suffers while it runs that firmware version, e.g. "1.1.0" → <c>reboot@3s,errorlog@0s=2</c>.
    /// Times count from the moment the version runs confirmed (after its probation, or from a boot into it), again after each
    /// reboot; only reboot and errorlog apply. Idle between updates only, so a rollback can still arrive.
    /// </summary>
    public IReadOnlyDictionary<string, FaultPlan>? ReleaseFaults { get; init; }

    public BrokerCredential? CredentialFor(string deviceId) => DeviceCredentials?.Invoke(deviceId) ?? Credential;

    public string DeviceId(int index) => DevicePrefix + index.ToString(Devices > 9999 ? "D6" : "D4", System.Globalization.CultureInfo.InvariantCulture);
}
