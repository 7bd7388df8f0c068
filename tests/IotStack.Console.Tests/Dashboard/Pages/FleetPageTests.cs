using IotStack.Gateway.Alerts;
using IotStack.Gateway.Dashboard.Pages;
using IotStack.Gateway.Storage;
using IotStack.Protocol;

namespace IotStack.Console.Tests.Dashboard.Pages;

public sealed class FleetPageTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);

    [Fact]
    public void Render_DeviceReportedMarkup_IsEncodedNotExecuted()
    {
        var device = new DeviceRecord("<script>alert(1)</script>", "f") { LastSeen = Now, Firmware = "\"><img src=x onerror=alert(2)>" };

        string html = FleetPage.Render([device], [], Now);

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MixedFleet_CountsOnlineOfflineFirmwareAndWorstAlert()
    {
        DeviceRecord[] devices =
        [
            new("a", "f") { LastSeen = Now, Firmware = "1.0" },
            new("b", "f") { LastSeen = Now, Firmware = "1.1", State = DeviceState.Offline },
            new("c", "f") { LastSeen = Now, Firmware = "1.1" },
        ];
        AlertRecord[] open =
        [
            new() { DeviceId = "c", Rule = "above-max", Severity = AlertSeverity.Warning },
            new() { DeviceId = "c", Rule = "device-offline", Severity = AlertSeverity.Critical },
        ];

        string html = FleetPage.Render(devices, open, Now);

        Assert.Contains("data-card=\"online\"><span class=\"value\">2<", html, StringComparison.Ordinal);
        Assert.Contains("data-card=\"offline\"><span class=\"value\">1<", html, StringComparison.Ordinal);
        Assert.Contains("data-firmware=\"1.1\"><code>1.1</code> 2<", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge critical\">2</span>", html, StringComparison.Ordinal);
    }
}
