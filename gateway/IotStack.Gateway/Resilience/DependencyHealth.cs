namespace IotStack.Gateway.Resilience;

/// <summary>
/// What the gateway knows about the things it depends on (the store, the broker): a dependency turns degraded on its
/// first failure and healthy again on its next success, with no restart. Counts retries and the time spent degraded
/// on the gateway clock, for /health and /metrics. Cheap on the hot path: a success on a healthy dependency reads one
/// volatile flag.
/// </summary>
internal sealed class DependencyHealth(TimeProvider time)
{
    public const string Store = "store";
    public const string Broker = "broker";

    private readonly Lock _sync = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private int _degradedCount;

    public bool IsDegraded => Volatile.Read(ref _degradedCount) > 0;

    /// <summary>A failed attempt that will be retried.</summary>
    public void Failed(string dependency, string error)
    {
        lock (_sync)
        {
            Entry entry = EntryOf(dependency);
            entry.Retries++;
            entry.LastError = error;
            if (entry.Since is null)
            {
                entry.Since = time.GetUtcNow();
                _degradedCount++;
            }
        }
    }

    /// <summary>A dependency that is down without an attempt failing (a dropped broker connection).</summary>
    public void Down(string dependency, string error)
    {
        lock (_sync)
        {
            Entry entry = EntryOf(dependency);
            entry.LastError = error;
            if (entry.Since is null)
            {
                entry.Since = time.GetUtcNow();
                _degradedCount++;
            }
        }
    }

    public void Succeeded(string dependency)
    {
        if (Volatile.Read(ref _degradedCount) == 0)
        {
            return;
        }

        lock (_sync)
        {
            if (_entries.TryGetValue(dependency, out Entry? entry) && entry.Since is { } since)
            {
                entry.Degraded += time.GetUtcNow() - since;
                entry.Since = null;
                _degradedCount--;
            }
        }
    }

    public IReadOnlyList<DependencyStatus> Snapshot()
    {
        DateTimeOffset now = time.GetUtcNow();
        lock (_sync)
        {
            var list = new List<DependencyStatus>(_entries.Count);
            foreach ((string name, Entry e) in _entries)
            {
                TimeSpan current = e.Since is { } since ? now - since : TimeSpan.Zero;
                list.Add(new DependencyStatus(name, e.Since is not null, e.Since, e.LastError, e.Retries, e.Degraded + current));
            }

            list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return list;
        }
    }

    private Entry EntryOf(string dependency)
    {
        if (!_entries.TryGetValue(dependency, out Entry? entry))
        {
            entry = new Entry();
            _entries[dependency] = entry;
        }

        return entry;
    }

    private sealed class Entry
    {
        public DateTimeOffset? Since { get; set; }

        public string? LastError { get; set; }

        public long Retries { get; set; }

        public TimeSpan Degraded { get; set; }
    }
}
