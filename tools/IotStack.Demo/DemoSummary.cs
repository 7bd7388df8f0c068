using System.Globalization;
using IotStack.Gateway.Alerts;
using IotStack.Ota.Rollouts;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace IotStack.Demo;

/// <summary>
/// The closing summary, from the last frame taken while the fleet still ran (so "online" means what it meant on the
/// screen) and every alert of the run read from the store (so raised = resolved + still open).
/// </summary>
internal static class DemoSummary
{
    public static IRenderable Render(DemoFrame frame, IReadOnlyList<AlertRecord> alerts, string dataFolder)
    {
        int resolved = alerts.Count(a => a.Status == AlertStatus.Resolved);
        DemoCounters g = frame.Gateway;
        var lines = new List<string>
        {
            $"ran {frame.Elapsed.TotalSeconds:F0} s: {frame.Boards.Count} boards, {frame.Online} online at the end",
            $"{N(g.Messages)} messages, {N(g.Samples)} samples stored, {N(g.Quarantined)} quarantined",
            $"alerts raised {alerts.Count}, cleared/resolved {resolved}, still open {alerts.Count - resolved}",
        };
        if (frame.Rollout is { } rollout)
        {
            string waves = string.Join(", then ", rollout.Devices.Where(d => d.Wave >= 0).Select(d => d.Wave).Distinct().Order().Select(WaveName.Of));
            lines.Add($"OTA {rollout.Id}: {rollout.State}, {rollout.Count(DeviceRolloutState.Confirmed)}/{rollout.Devices.Count} boards confirmed" +
                      (waves.Length > 0 ? $" ({waves})" : ""));
        }
        else
        {
            lines.Add("OTA: " + frame.OtaStage);
        }

        lines.Add($"Data kept in {dataFolder}: run the demo again, or `iotstack alerts` against a running gateway.");
        return new Panel(new Text(string.Join('\n', lines))).Header("demo finished").Expand();
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
