namespace IotStack.Firmware.Host.Faults;

/// <summary>What a fault does. Channel faults bend the physical value; chip faults break the bus; board faults hit the whole device.</summary>
internal enum FaultKind
{
    /// <summary>Adds a large offset for a short window (default 1 s): one or two wild samples.</summary>
    Spike,

    /// <summary>Adds an offset that grows linearly from the start (default: until the run ends).</summary>
    Drift,

    /// <summary>Holds the value the channel had when the fault began.</summary>
    Stuck,

    /// <summary>Adds wide Gaussian noise for the window.</summary>
    Noise,

    /// <summary>The chip reports no sample: BME280 "skipped" counts (§4.2.3, 0x80000 / 0x8000), SHT31 NACKs the read header (§4.4).</summary>
    Dropout,

    /// <summary>The chip does not acknowledge its address for the window.</summary>
    Nack,

    /// <summary>The SHT31 answers with a wrong CRC-8 byte (§4.12) for the window.</summary>
    BadCrc,

    /// <summary>The board loses the broker for the window: the connection drops and reconnects fail.</summary>
    Outage,

    /// <summary>The board restarts once (power cycle): the core starts again on the same flash.</summary>
    Reboot,

    /// <summary>The application logs Error records for the window (magnitude: records per second, default 2), as a broken release would.</summary>
    ErrorLog,

    /// <summary>
    /// The application's main loop stops for good (release faults only, counted from every boot, probation included): it
    /// no longer connects or feeds the watchdog, which restarts the board. A release that hangs before its health check
    /// passes is never confirmed; the loader counts those boots and starts the previous slot.
    /// </summary>
    Hang,
}
