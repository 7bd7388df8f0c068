namespace IotStack.Maintenance.Logs;

/// <summary>One log line from a device or a host.</summary>
/// <param name="Source">Who logged: a device id or a host name.</param>
/// <param name="Component">What logged there: a systemd unit, a file path, a firmware module. May be empty.</param>
internal sealed record LogRecord(DateTimeOffset At, LogSeverity Level, string Source, string Component, string Message)
{
    /// <summary>Maps a device log record (the gateway decodes the device frame; levels follow the same order).</summary>
    public static LogRecord FromDevice(string deviceId, DateTimeOffset at, LogSeverity level, string module, string message) =>
        new(at, level, deviceId, module, message);
}
