using System.Globalization;
using System.Text.RegularExpressions;
using IotStack.Gateway.Alerts;
using IotStack.Gateway.Timeline;

namespace IotStack.Gateway.Dashboard.Incidents;

/// <summary>
/// A device's timeline with each alert's lifecycle (opened → escalations → acknowledged → resolved) folded into one
/// incident, placed where its newest event is; other events stay single. The alert engine writes every change of
/// an alert as "alert #ID …", which is how the events of one alert are found.
/// </summary>
internal static partial class IncidentTimeline
{
    public static IReadOnlyList<TimelineEntry> Group(IReadOnlyList<TimelineEvent> newestFirst, IReadOnlyList<AlertRecord> alerts)
    {
        Dictionary<long, AlertRecord> byId = alerts.ToDictionary(a => a.Id);
        var incidents = new Dictionary<long, List<TimelineEvent>>();
        var entries = new List<TimelineEntry>();
        foreach (TimelineEvent entry in newestFirst)
        {
            if (entry.Kind == TimelineKinds.Alert && AlertId().Match(entry.Summary) is { Success: true } match
                && long.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out long id))
            {
                if (!incidents.TryGetValue(id, out List<TimelineEvent>? events))
                {
                    events = [];
                    incidents[id] = events;
                    entries.Add(new TimelineEntry(null, new Incident(id, byId.GetValueOrDefault(id), events)));
                }

                events.Add(entry);
            }
            else
            {
                entries.Add(new TimelineEntry(entry, null));
            }
        }

        foreach (List<TimelineEvent> events in incidents.Values)
        {
            events.Reverse();
        }

        return entries;
    }

    /// <summary>The severity an event names ("opened (Warning)", "escalated to Critical"), else null.</summary>
    public static string? SeverityNamed(string summary) =>
        SeverityWord().Match(summary) is { Success: true } match ? match.Groups[1].Value.ToLowerInvariant() : null;

    [GeneratedRegex(@"^alert #(\d+)\b", RegexOptions.CultureInvariant)]
    private static partial Regex AlertId();

    [GeneratedRegex(@"\b(Info|Warning|Critical)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SeverityWord();
}

/// <summary>One row of the grouped timeline: a single event or an incident.</summary>
internal sealed record TimelineEntry(TimelineEvent? Event, Incident? Incident);

/// <param name="Alert">The alert as stored now (null when it is older than what the page read).</param>
/// <param name="Events">Oldest first.</param>
internal sealed record Incident(long AlertId, AlertRecord? Alert, IReadOnlyList<TimelineEvent> Events)
{
    /// <summary>The alert's severity now, else the highest any event names.</summary>
    public string Severity => Alert is { } alert
        ? AlertSeverityText.Of(alert.Severity)
        : Events.Select(e => IncidentTimeline.SeverityNamed(e.Summary)).OfType<string>().MaxBy(Rank) ?? "info";

    public bool Resolved => Alert is { IsActive: false } || Events[^1].Summary.Contains(" resolved", StringComparison.Ordinal);

    private static int Rank(string severity) => severity switch { "critical" => 2, "warning" => 1, _ => 0 };
}
