using IotStack.Maintenance.Logs;

namespace IotStack.Maintenance.Tailing;

/// <summary>From <c>Maintenance:Tails</c>: a file on a host to follow (under a tail root), or a unit's journal.</summary>
internal sealed class TailOptions
{
    public string Host { get; set; } = "";

    /// <summary>Absolute file path; mutually exclusive with <see cref="Unit"/>.</summary>
    public string? Path { get; set; }

    /// <summary>systemd unit whose journal is followed (<c>journalctl -o short-iso</c>).</summary>
    public string? Unit { get; set; }

    public LogLineFormat Format { get; set; } = LogLineFormat.Application;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Read what the file already holds on first contact; by default only lines written afterwards are collected.</summary>
    public bool FromStart { get; set; }
}
