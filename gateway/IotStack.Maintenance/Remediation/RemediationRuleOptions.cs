namespace IotStack.Maintenance.Remediation;

/// <summary>
/// From <c>Maintenance:Remediation</c>: when alert <see cref="OnAlert"/> fires (optionally only for one host or device
/// group), run <see cref="Template"/> on <see cref="TargetHost"/> (or the alert's host), at most once per
/// <see cref="Cooldown"/> and <see cref="MaxAttempts"/> times before a human is called.
/// </summary>
internal sealed class RemediationRuleOptions
{
    public string Name { get; set; } = "";

    public string OnAlert { get; set; } = "";

    public string? Host { get; set; }

    public string? DeviceGroup { get; set; }

    public string? TargetHost { get; set; }

    public string Template { get; set; } = "";

    public Dictionary<string, string> Arguments { get; set; } = [];

    public TimeSpan Cooldown { get; set; } = TimeSpan.FromMinutes(5);

    public int MaxAttempts { get; set; } = 3;

    /// <summary>Attempts older than this no longer count toward <see cref="MaxAttempts"/>.</summary>
    public TimeSpan AttemptWindow { get; set; } = TimeSpan.FromHours(1);
}
