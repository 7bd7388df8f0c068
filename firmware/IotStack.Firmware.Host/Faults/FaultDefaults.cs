using IotStack.Protocol;

namespace IotStack.Firmware.Host.Faults;

/// <summary>Durations and sizes used when a fault spec leaves them out; sized to be unmistakable next to normal variation.</summary>
internal static class FaultDefaults
{
    public static TimeSpan Duration(FaultKind kind) => kind switch
    {
        FaultKind.Spike => TimeSpan.FromSeconds(1),
        FaultKind.Drift or FaultKind.ErrorLog => TimeSpan.MaxValue,
        FaultKind.Reboot or FaultKind.Hang => TimeSpan.Zero,
        _ => TimeSpan.FromSeconds(10),
    };

    /// <summary>Error log records per second of an errorlog fault.</summary>
    public const double ErrorLogsPerSecond = 2.0;

    /// <summary>Spike offset, drift rate per second, or noise σ, in the channel's unit.</summary>
    public static double Magnitude(FaultKind kind, byte channel)
    {
        bool humidity = channel is Channel.Humidity or Channel.Sht31Humidity;
        bool pressure = channel == Channel.Pressure;
        return kind switch
        {
            FaultKind.Spike => humidity ? 30.0 : pressure ? 40.0 : 25.0,
            FaultKind.Drift => humidity ? 0.2 : pressure ? 0.1 : 0.05,
            FaultKind.Noise => humidity ? 8.0 : pressure ? 5.0 : 3.0,
            _ => 0.0,
        };
    }
}
