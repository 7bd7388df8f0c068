using IotStack.Gateway.Alerts;
using IotStack.Gateway.Dashboard.Incidents;
using IotStack.Gateway.Timeline;

namespace IotStack.Console.Tests.Dashboard;

public sealed class IncidentTimelineTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch.AddDays(20_000);

    [Fact]
    public void Group_AlertLifecycleAmongOtherEvents_OneIncidentAtItsNewestEventOldestChangeFirst()
    {
        TimelineEvent[] oldestFirst =
        [
            Alert(0, "alert #5 above-max ch1 opened (Warning): 36.1 > 35"),
            Status(1, "offline: silent for 30 s"),
            Alert(2, "alert #5 above-max ch1 escalated to Critical: unacknowledged for 0:05:00"),
            Alert(3, "alert #6 level-shift ch1 opened (Info): mean moved"),
            Alert(4, "alert #5 above-max ch1 de-escalated to Warning: 35.4 > 35"),
            Alert(5, "alert #5 above-max ch1 resolved: condition cleared"),
        ];
        AlertRecord five = new() { Id = 5, DeviceId = "d", Rule = "above-max", Severity = AlertSeverity.Warning, Status = AlertStatus.Resolved };

        IReadOnlyList<TimelineEntry> entries = IncidentTimeline.Group([.. oldestFirst.Reverse()], [five]);

        Assert.Equal(3, entries.Count);
        Incident incident = entries[0].Incident!;
        Assert.Equal(5, incident.AlertId);
        Assert.Equal([0, 2, 4, 5], incident.Events.Select(e => (int)(e.Time - T0).TotalMinutes));
        Assert.True(incident.Resolved);
        Assert.Equal("warning", incident.Severity);
        Assert.Equal(6, entries[1].Incident!.AlertId);
        Assert.Equal("info", entries[1].Incident!.Severity);
        Assert.Equal(TimelineKinds.Status, entries[2].Event!.Kind);
        Assert.Equal(["warning", "critical", "warning", null], incident.Events.Select(e => IncidentTimeline.SeverityNamed(e.Summary)));
    }

    private static TimelineEvent Alert(int minute, string summary) => new("d", T0.AddMinutes(minute), TimelineKinds.Alert, "gateway", summary);

    private static TimelineEvent Status(int minute, string summary) => new("d", T0.AddMinutes(minute), TimelineKinds.Status, "gateway", summary);
}
