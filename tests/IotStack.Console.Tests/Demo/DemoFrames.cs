using IotStack.Demo;
using IotStack.Gateway.Alerts;
using IotStack.Ota.Rollouts;

namespace IotStack.Console.Tests.Demo;

/// <summary>Frames as the demo captures them mid-run: six boards, a rollout in its second wave, long alert messages.</summary>
internal static class DemoFrames
{
    public static DemoFrame MidRollout(int boards = 6, int alerts = 12)
    {
        var updates = Enumerable.Range(0, boards).Select(i => new DeviceStatus("demo", Board(i), i == 0 ? 0 : 1,
            i == 0 ? DeviceRolloutState.Confirmed : i == 1 ? DeviceRolloutState.Downloading : DeviceRolloutState.Pending, i == 1 ? 40 : i == 0 ? 100 : 0, 1, null)).ToList();
        var rollout = new CampaignStatus("demo-1.1.7", CampaignState.Running, 1, null, updates);
        var rows = Enumerable.Range(0, boards).Select(i => new DemoBoard(Board(i), i != 2, 21.5f + i, 45.25f, 1013.2f, i == 0 ? "1.1.7" : "1.0.0", updates[i])).ToList();
        var recent = Enumerable.Range(1, alerts).Select(i => new AlertRecord
        {
            Id = i, DeviceId = Board(i % 2), Channel = 1, Rule = i % 3 == 0 ? "sensor.stuck" : "above-max", Severity = AlertSeverity.Warning,
            Status = i % 2 == 0 ? AlertStatus.Resolved : AlertStatus.Open, OpenedAt = DateTimeOffset.UnixEpoch,
            Message = $"alert {i}: board finding above-max on temperature: 45.83518 (expected 5..35), a message far longer than any narrow terminal",
        }).Reverse().ToList();
        return new DemoFrame(TimeSpan.FromSeconds(42), rows, new DemoCounters(12_345, 49_380, 0, 0, 12, 2), rollout, "campaign demo-1.1.7", recent);
    }

    public static string Board(int i) => $"vdev-{i:D4}";
}
