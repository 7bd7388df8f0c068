using IotStack.Maintenance.Hosts;
using IotStack.Maintenance.Logs;
using IotStack.Maintenance.Remediation;
using IotStack.Maintenance.Tailing;

namespace IotStack.Maintenance;

/// <summary>Bound from the <c>Maintenance</c> configuration section (see docs/maintenance.md).</summary>
internal sealed class MaintenanceOptions
{
    public const string SectionName = "Maintenance";

    public List<HostOptions> Hosts { get; set; } = [];

    /// <summary>SQLite file of the command audit trail.</summary>
    public string AuditDatabase { get; set; } = "maintenance-audit.db";

    /// <summary>SQLite file of collected log records.</summary>
    public string LogDatabase { get; set; } = "maintenance-logs.db";

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Output kept per stream and command, in characters (audit rows stay small).</summary>
    public int MaxOutputChars { get; set; } = 64 * 1024;

    /// <summary>Concurrent sessions per host; sshd's default MaxStartups 10:30:100 starts dropping handshakes beyond 10.</summary>
    public int MaxSessionsPerHost { get; set; } = 4;

    /// <summary>Directories whose files <c>tail-file</c> and log tails may read.</summary>
    public List<string> TailRoots { get; set; } = ["/var/log"];

    public TimeSpan LogRetention { get; set; } = TimeSpan.FromDays(7);

    public List<LogRuleOptions> LogRules { get; set; } = [];

    public List<RemediationRuleOptions> Remediation { get; set; } = [];

    public List<TailOptions> Tails { get; set; } = [];
}
