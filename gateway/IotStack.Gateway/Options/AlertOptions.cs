namespace IotStack.Gateway.Options;

internal sealed class AlertOptions
{
    /// <summary>How often a board reports status (its heartbeat).</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Silent for this many heartbeats (no status, no telemetry) = offline.</summary>
    public double OfflineAfterHeartbeats { get; set; } = 3;

    /// <summary>
    /// A board whose connection dropped (its last will) is alerted offline only if it is not back within this span:
    /// a reboot into an update, a reboot command or a short network blip is a timeline event, not an alert. 0 = at once.
    /// </summary>
    public TimeSpan OfflineGrace { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>An alert whose condition has not been signalled for this long clears (time hysteresis).</summary>
    public TimeSpan ClearAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Severity hysteresis: a signal of lower severity de-escalates an alert only once the higher severity has not
    /// been signalled for this long (escalation is immediate), so a value hovering at a boundary does not flap.
    /// </summary>
    public TimeSpan SeverityDwell { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Re-notify an open, unacknowledged alert this often.</summary>
    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Raise severity one step when unacknowledged this long (and again after each further span).</summary>
    public TimeSpan EscalateAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Clears of one key inside <see cref="FlapWindow"/> at or above which the alert counts as flapping.</summary>
    public int FlapThreshold { get; set; } = 3;

    public TimeSpan FlapWindow { get; set; } = TimeSpan.FromMinutes(10);

    public List<string> Webhooks { get; set; } = new();

    /// <summary>
    /// Alerts below this severity are recorded, shown and put on the timeline, but notify nobody (log or webhook)
    /// unless they escalate. Info is where low-confidence statistical findings go.
    /// </summary>
    public Alerts.AlertSeverity NotifyMinSeverity { get; set; } = Alerts.AlertSeverity.Warning;

    public int WebhookAttempts { get; set; } = 4;

    /// <summary>How long one webhook attempt may take before it counts as failed (HttpClient's own default is 100 s).</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(1);
}
