namespace IotStack.Maintenance.Logs;

internal enum LogLineFormat
{
    /// <summary>"TIMESTAMP LEVEL [component] message", the shape of most application logs (Serilog, log4j, Python logging).</summary>
    Application,

    /// <summary><c>journalctl -o short-iso</c>: "2026-11-25T22:01:02+0000 host unit[pid]: message" (no level in this format).</summary>
    JournalShortIso,
}
