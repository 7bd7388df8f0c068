using IotStack.Console.Tests.Support;
using IotStack.Gateway.Alerts;
using IotStack.Gateway.Dashboard.Pages;
using IotStack.Gateway.Dashboard.Readings;
using IotStack.Gateway.Storage;
using IotStack.Protocol;

namespace IotStack.Console.Tests.Dashboard.Pages;

/// <summary>The fleet page's component rendered to HTML over a real SQLite store.</summary>
public sealed class FleetPageTests
{
    private static readonly DateTimeOffset Now = TimeProvider.System.GetUtcNow();

    [Fact]
    public async Task Render_DeviceReportedMarkup_IsEncodedNotExecuted()
    {
        await using PageHost host = await PageHost.StartAsync();
        await host.Store.UpsertDeviceAsync(new DeviceRecord("<script>alert(1)</script>", "f") { LastSeen = Now, Firmware = "\"><img src=x onerror=alert(2)>" }, CancellationToken.None);

        string html = await host.RenderAsync<FleetPage>();

        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_MixedFleet_CountsOnlineOfflineFirmwareWorstAlertAndCurrentReadings()
    {
        await using PageHost host = await PageHost.StartAsync();
        await host.Store.UpsertDeviceAsync(new DeviceRecord("a", "f") { LastSeen = Now, Firmware = "1.0" }, CancellationToken.None);
        await host.Store.UpsertDeviceAsync(new DeviceRecord("b", "f") { LastSeen = Now, Firmware = "1.1", State = DeviceState.Offline }, CancellationToken.None);
        await host.Store.UpsertDeviceAsync(new DeviceRecord("c", "f") { LastSeen = Now, Firmware = "1.1" }, CancellationToken.None);
        await host.Store.SaveAlertAsync(new AlertRecord { DeviceId = "c", Rule = "above-max", Severity = AlertSeverity.Warning, OpenedAt = Now }, CancellationToken.None);
        await host.Store.SaveAlertAsync(new AlertRecord { DeviceId = "c", Rule = "device-offline", Severity = AlertSeverity.Critical, OpenedAt = Now }, CancellationToken.None);
        host.Latest.Record("a", new Reading(Channel.Temperature, Now.AddSeconds(-2), 23.44));
        host.Latest.Record("a", new Reading(Channel.Humidity, Now.AddSeconds(-2), 41));
        // An older sample arriving late does not replace the newer one.
        host.Latest.Record("a", new Reading(Channel.Temperature, Now.AddSeconds(-60), 99));

        string html = await host.RenderAsync<FleetPage>();

        Assert.Contains("data-card=\"online\"><span class=\"value\">2<", html, StringComparison.Ordinal);
        Assert.Contains("data-card=\"offline\"><span class=\"value\">1<", html, StringComparison.Ordinal);
        Assert.Contains("data-firmware=\"1.1\"><code>1.1</code> 2<", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge critical\">2</span>", html, StringComparison.Ordinal);
        string text = System.Net.WebUtility.HtmlDecode(html);
        Assert.Contains(">23.4 °C</span>", text, StringComparison.Ordinal);
        Assert.Contains(">41.0 %RH</span>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("99.0", html, StringComparison.Ordinal);
    }
}
