using IotStack.Maintenance.Alerts;
using IotStack.Maintenance.Commands;
using Microsoft.Extensions.Logging;

namespace IotStack.Maintenance.Remediation;

/// <summary>
/// Turns alerts into allowlisted commands. Guards against remediation loops: a cooldown between attempts, a cap on
/// attempts within a window, then escalation to a human exactly once until the alert is resolved. Commands run as
/// requester "auto:remediation/&lt;rule&gt;", so the audit log marks them automatic.
/// </summary>
internal sealed class RemediationEngine
{
    private readonly IReadOnlyList<RemediationRuleOptions> _rules;
    private readonly HostCommandRunner _runner;
    private readonly IAlertSink _alerts;
    private readonly TimeProvider _time;
    private readonly ILogger<RemediationEngine> _logger;
    private readonly Dictionary<(string Rule, string Host), AttemptState> _state = [];
    private readonly Lock _gate = new();

    public RemediationEngine(IEnumerable<RemediationRuleOptions> rules, HostCommandRunner runner, IAlertSink alerts, TimeProvider time, ILogger<RemediationEngine> logger)
    {
        _rules = rules.ToList();
        _runner = runner;
        _alerts = alerts;
        _time = time;
        _logger = logger;
        foreach (var rule in _rules)
        {
            if (string.IsNullOrWhiteSpace(rule.Name) || string.IsNullOrWhiteSpace(rule.OnAlert) || rule.MaxAttempts < 1)
            {
                throw new MaintenanceConfigurationException($"Remediation rule '{rule.Name}' needs Name, OnAlert and MaxAttempts >= 1.");
            }

            // Fail at start-up, not at 3 a.m. when the alert fires.
            var check = runner.Catalog.Validate(rule.Template, rule.Arguments);
            if (!check.IsValid)
            {
                throw new MaintenanceConfigurationException($"Remediation rule '{rule.Name}': {check.Refusal}");
            }
        }
    }

    public async Task<IReadOnlyList<RemediationDecision>> HandleAsync(AlertSignal alert, CancellationToken cancellationToken)
    {
        var decisions = new List<RemediationDecision>();
        foreach (var rule in _rules.Where(r => Applies(r, alert)))
        {
            decisions.Add(await HandleAsync(rule, alert, cancellationToken).ConfigureAwait(false));
        }

        return decisions;
    }

    /// <summary>The alert cleared: forget attempts and escalation so the next occurrence starts afresh.</summary>
    public void Resolve(AlertSignal alert)
    {
        lock (_gate)
        {
            foreach (var rule in _rules.Where(r => Applies(r, alert)))
            {
                if (TargetOf(rule, alert) is { } host)
                {
                    _state.Remove((rule.Name, host));
                }
            }
        }
    }

    private async Task<RemediationDecision> HandleAsync(RemediationRuleOptions rule, AlertSignal alert, CancellationToken cancellationToken)
    {
        if (TargetOf(rule, alert) is not { } host)
        {
            return new RemediationDecision(rule.Name, "", RemediationAction.NoTarget, "The rule has no TargetHost and the alert names no host.");
        }

        var now = _time.GetUtcNow();
        int attempt;
        lock (_gate)
        {
            if (!_state.TryGetValue((rule.Name, host), out var state))
            {
                state = new AttemptState();
                _state[(rule.Name, host)] = state;
            }

            if (state.Escalated)
            {
                return new RemediationDecision(rule.Name, host, RemediationAction.AlreadyEscalated, "Escalated earlier; waiting for a human to resolve the alert.");
            }

            state.Attempts.RemoveAll(at => at <= now - rule.AttemptWindow);
            if (state.Attempts.Count > 0 && state.Attempts[^1] + rule.Cooldown > now)
            {
                var next = state.Attempts[^1] + rule.Cooldown;
                _logger.LogInformation("Remediation {Rule} on {Host} cooling down until {Next}", rule.Name, host, next);
                return new RemediationDecision(rule.Name, host, RemediationAction.CoolingDown, $"Last attempt at {state.Attempts[^1]:O}; cooldown {rule.Cooldown}.", NextAllowedAt: next);
            }

            if (state.Attempts.Count >= rule.MaxAttempts)
            {
                state.Escalated = true;
                attempt = -1;
            }
            else
            {
                // Claim the attempt before running, so a second alert arriving meanwhile sees the cooldown.
                state.Attempts.Add(now);
                attempt = state.Attempts.Count;
            }
        }

        if (attempt < 0)
        {
            var reason = $"{rule.MaxAttempts} attempt(s) of '{rule.Template}' within {rule.AttemptWindow} did not clear alert '{alert.Rule}'.";
            await EscalateAsync(rule, alert, host, rule.MaxAttempts, reason, null, cancellationToken).ConfigureAwait(false);
            return new RemediationDecision(rule.Name, host, RemediationAction.Escalated, reason);
        }

        var outcome = await _runner.RunAsync(host, rule.Template, rule.Arguments, HostCommandRunner.AutomaticPrefix + "remediation/" + rule.Name, cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded && attempt >= rule.MaxAttempts)
        {
            lock (_gate)
            {
                if (_state.TryGetValue((rule.Name, host), out var state))
                {
                    state.Escalated = true;
                }
            }

            var reason = $"Last allowed attempt of '{rule.Template}' failed: {outcome.Summary}";
            await EscalateAsync(rule, alert, host, attempt, reason, outcome, cancellationToken).ConfigureAwait(false);
            return new RemediationDecision(rule.Name, host, RemediationAction.Escalated, reason, outcome);
        }

        return new RemediationDecision(rule.Name, host, RemediationAction.Executed, $"Attempt {attempt} of {rule.MaxAttempts}: {outcome.Summary}", outcome);
    }

    private async Task EscalateAsync(RemediationRuleOptions rule, AlertSignal alert, string host, int attempts, string reason, CommandOutcome? last, CancellationToken cancellationToken)
    {
        _logger.LogWarning("Remediation {Rule} on {Host} escalated: {Reason}", rule.Name, host, reason);
        await _alerts.RemediationEscalatedAsync(new RemediationEscalation(rule.Name, alert.Rule, host, attempts, reason, last, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
    }

    private static bool Applies(RemediationRuleOptions rule, AlertSignal alert) =>
        string.Equals(rule.OnAlert, alert.Rule, StringComparison.OrdinalIgnoreCase)
        && (rule.Host is null || string.Equals(rule.Host, alert.Host, StringComparison.OrdinalIgnoreCase))
        && (rule.DeviceGroup is null || string.Equals(rule.DeviceGroup, alert.DeviceGroup, StringComparison.OrdinalIgnoreCase));

    private static string? TargetOf(RemediationRuleOptions rule, AlertSignal alert) =>
        rule.TargetHost is { Length: > 0 } target ? target : alert.Host is { Length: > 0 } host ? host : null;

    private sealed class AttemptState
    {
        public List<DateTimeOffset> Attempts { get; } = [];

        public bool Escalated { get; set; }
    }
}
