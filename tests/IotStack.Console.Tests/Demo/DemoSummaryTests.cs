using IotStack.Demo;
using IotStack.Gateway.Alerts;
using Spectre.Console.Testing;

namespace IotStack.Console.Tests.Demo;

public sealed class DemoSummaryTests
{
    [Fact]
    public void Render_LastFrameAndRunAlerts_CountsAgreeWithEachOther()
    {
        var frame = DemoFrames.MidRollout();
        AlertRecord[] alerts =
        [
            Alert(1, AlertStatus.Resolved), Alert(2, AlertStatus.Open), Alert(3, AlertStatus.Acknowledged), Alert(4, AlertStatus.Resolved),
        ];
        var console = new TestConsole();
        console.Profile.Width = 80;

        console.Write(DemoSummary.Render(frame, alerts, "/data"));
        string text = string.Join(' ', console.Output.Split('\n').Select(l => l.Trim('│', ' ')));

        // One "online" (the gateway's, from the frame the screen showed last), never "0/6 connected, 6 online".
        Assert.Contains("6 boards, 5 online at the end", text, StringComparison.Ordinal);
        Assert.DoesNotContain("connected", text, StringComparison.Ordinal);
        Assert.Contains("alerts raised 4, cleared/resolved 2, still open 2", text, StringComparison.Ordinal);
        Assert.Contains("12,345 messages, 49,380 samples stored", text, StringComparison.Ordinal);
        Assert.Contains("1/6 boards confirmed (canary, then batch 1)", text, StringComparison.Ordinal);
    }

    private static AlertRecord Alert(long id, AlertStatus status) =>
        new() { Id = id, DeviceId = "vdev-0000", Rule = "above-max", Status = status, Message = "m" };
}
