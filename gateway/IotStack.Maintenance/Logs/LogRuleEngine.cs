namespace IotStack.Maintenance.Logs;

/// <summary>
/// Evaluates rules over a sliding window per (rule, source), in record time so replays and tests are deterministic.
/// A rule fires once per burst: after firing it re-arms only when the count in the window falls back to the threshold.
/// </summary>
internal sealed class LogRuleEngine
{
    private readonly LogRule[] _rules;
    private readonly Dictionary<(int Rule, string Source), WindowState> _windows = [];
    private readonly Lock _gate = new();

    public LogRuleEngine(IEnumerable<LogRule> rules)
    {
        _rules = rules.ToArray();
        var duplicate = _rules.GroupBy(r => r.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new MaintenanceConfigurationException($"Log rule '{duplicate.Key}' is defined twice.");
        }
    }

    public IReadOnlyList<LogRule> Rules => _rules;

    /// <summary>Returns the rules this record made fire (usually none: the empty array, no allocation).</summary>
    public IReadOnlyList<LogRuleMatch> Evaluate(LogRecord record)
    {
        List<LogRuleMatch>? matches = null;
        for (var i = 0; i < _rules.Length; i++)
        {
            var rule = _rules[i];
            if (!rule.Matches(record))
            {
                continue;
            }

            LogRuleMatch? match;
            lock (_gate)
            {
                match = Count(i, rule, record);
            }

            if (match is not null)
            {
                (matches ??= []).Add(match);
            }
        }

        return matches is null ? [] : matches;
    }

    private LogRuleMatch? Count(int index, LogRule rule, LogRecord record)
    {
        var key = (index, record.Source);
        if (!_windows.TryGetValue(key, out var state))
        {
            state = new WindowState();
            _windows[key] = state;
        }

        var now = record.At.UtcTicks;
        var oldest = now - rule.Window.Ticks;
        while (state.Times.Count > 0 && state.Times.Peek() <= oldest)
        {
            state.Times.Dequeue();
        }

        state.Times.Enqueue(now);

        // Bound memory on a flood: once past the threshold only the newest MoreThan+1 lines matter for "is it still firing".
        while (state.Times.Count > rule.MoreThan + 1 && !state.Armed)
        {
            state.Times.Dequeue();
        }

        var count = state.Times.Count;
        if (count <= rule.MoreThan)
        {
            state.Armed = true;
            return null;
        }

        if (!state.Armed)
        {
            return null;
        }

        state.Armed = false;
        return new LogRuleMatch(rule.Name, record.Source, rule.AlertSeverity, count, rule.Window,
            new DateTimeOffset(state.Times.Peek(), TimeSpan.Zero), record.At, record, rule.Describe());
    }

    private sealed class WindowState
    {
        public Queue<long> Times { get; } = new();

        public bool Armed { get; set; } = true;
    }
}
