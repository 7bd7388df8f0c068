using IotStack.Gateway.Alerts;
using IotStack.Ota.Rollouts;

namespace IotStack.Demo;

/// <summary>
/// What one refresh of the demo shows, read at one moment: the live screen, the log lines and the summary are all drawn
/// from a frame, so they cannot contradict each other (one "online" count, from the gateway).
/// </summary>
internal sealed record DemoFrame(
    TimeSpan Elapsed,
    IReadOnlyList<DemoBoard> Boards,
    DemoCounters Gateway,
    CampaignStatus? Rollout,
    string OtaStage,
    IReadOnlyList<AlertRecord> RecentAlerts)
{
    public int Online => Boards.Count(b => b.Online);
}
