using System.Net;
using IotStack.Console.Tests.Support;
using IotStack.Gateway.Auth;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace IotStack.Console.Tests.Dashboard;

/// <summary>The console in real headless Chromium against the running gateway and virtual fleet.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleBrowserTests(ConsoleGateway gateway, ITestOutputHelper output)
{
    [Fact]
    public void FleetPage_RunningVirtualFleet_ShowsEveryDeviceOnline()
    {
        using var browser = new Browser(gateway.BaseUrl, output);
        browser.Login(TestUsers.NameOf(ConsoleRole.Viewer));

        // No reload: the page updates itself from the server-sent event stream as boards report.
        browser.Until(() => browser.Driver.FindElements(By.CssSelector("tr[data-device][data-state='online']")).Count >= ConsoleGateway.Devices ? "all" : null,
            $"{ConsoleGateway.Devices} online devices");
        Assert.Equal(ConsoleGateway.Devices.ToString(System.Globalization.CultureInfo.InvariantCulture),
            browser.Driver.FindElement(By.CssSelector("[data-card='devices'] .value")).Text);
        Assert.NotEmpty(browser.Driver.FindElements(By.CssSelector("[data-firmware]")));
        browser.Screenshot("fleet");
    }

    [Fact]
    public void DevicePage_InjectedSpike_IsMarkedOnTheChartAndItsAlertCanBeAcknowledged()
    {
        using var browser = new Browser(gateway.BaseUrl, output);
        browser.Login(TestUsers.NameOf(ConsoleRole.Operator));
        string device = $"/console/devices/{ConsoleGateway.SpikingDevice}?channel=1&range=1h";

        // Read inside the probe: the live refresh may replace <main> and redraw the chart at any moment.
        string[] seen = browser.Until<string[]>(() =>
        {
            browser.Open(device);
            browser.Until(() => browser.Driver.FindElements(By.CssSelector("#chart[data-drawn='1']")).FirstOrDefault(), "the chart drawn by plotly.js");
            // What plotly.js drew (its graph div carries the traces it was given) and what it put on the page.
            var drawn = (IReadOnlyCollection<object>)browser.Driver.ExecuteScript("""
                var gd = document.getElementById("chart");
                var anomalies = gd.data.filter(function (t) { return t.name === "anomalies"; })[0];
                var band = gd.data.filter(function (t) { return t.name === "expected band"; })[0];
                return [
                  anomalies ? String(anomalies.customdata[0]) : "",
                  anomalies ? anomalies.text[0] : "",
                  String(band ? band.y.filter(function (v) { return v !== null; }).length : 0),
                  String(gd.querySelectorAll(".scatterlayer .trace").length),
                  Array.prototype.map.call(gd.querySelectorAll(".annotation-text"), function (a) { return a.textContent; }).join("|"),
                  Array.prototype.map.call(gd.querySelectorAll(".ytick text"), function (a) { return a.textContent; }).join("|"),
                  String(gd.querySelectorAll(".modebar-btn[data-title='Pan'], .modebar-btn[data-title='Zoom']").length),
                  gd._fullLayout.xaxis.type + "|" + gd._fullLayout.hovermode + "|" + Array.prototype.map.call(gd.querySelectorAll(".xtick text"), function (a) { return a.textContent; }).length
                ];
                """)!;
            string[] values = [.. drawn.Select(v => v?.ToString() ?? "")];
            return values[0].Length > 0 ? values : null;
        }, "an anomaly marker on the temperature chart", TimeSpan.FromSeconds(45));
        string alertId = seen[0];
        Assert.Contains("above-max", seen[1], StringComparison.Ordinal);
        Assert.True(int.Parse(seen[2], System.Globalization.CultureInfo.InvariantCulture) > 0, "the expected band has values");
        Assert.True(int.Parse(seen[3], System.Globalization.CultureInfo.InvariantCulture) >= 5, $"traces drawn: {seen[3]}");
        Assert.Contains("max 35 °C", seen[4], StringComparison.Ordinal);
        Assert.Contains("°C", seen[5], StringComparison.Ordinal);
        Assert.Equal("2", seen[6]);
        string[] axis = seen[7].Split('|');
        Assert.Equal(["date", "x unified"], axis[..2]);
        Assert.True(int.Parse(axis[2], System.Globalization.CultureInfo.InvariantCulture) >= 3, $"time ticks: {axis[2]}");
        Assert.NotEmpty(browser.Driver.FindElements(By.CssSelector($"ul.anomalies li[data-alert='{alertId}']")));
        Assert.Empty(browser.CspViolations());
        browser.Screenshot("device-spike");

        browser.Open("/console/alerts");
        browser.Click(By.CssSelector($"tr[data-alert='{alertId}'] button.ack"));
        browser.Until(() => browser.Driver.FindElements(By.CssSelector($"tr[data-alert='{alertId}'][data-status='acknowledged']")).FirstOrDefault(), "the alert acknowledged");
        browser.Screenshot("alerts-acknowledged");

        browser.Open(device);
        browser.Until(() => browser.Driver.FindElements(By.CssSelector("ol.timeline li[data-kind='alert']"))
            .FirstOrDefault(e => e.Text.Contains($"#{alertId}", StringComparison.Ordinal) && e.Text.Contains("acknowledged by olga", StringComparison.Ordinal)),
            "the acknowledgement on the device timeline");
    }

    [Fact]
    public void HostsPage_Admin_RunsAnAllowlistedCommandAfterConfirming()
    {
        using var browser = new Browser(gateway.BaseUrl, output);
        browser.Login(TestUsers.NameOf(ConsoleRole.Admin));
        browser.Open("/console/hosts");
        string host = $"section[data-host='{ConsoleGateway.Host}'] form.run";
        browser.Click(By.CssSelector(host + " select[name='template'] option[value='disk-usage']"));
        browser.Click(By.CssSelector(host + " button.run-command"));
        browser.Driver.SwitchTo().Alert().Accept();

        string[] result = browser.Until(() => browser.Driver.FindElements(By.CssSelector($"section[data-host='{ConsoleGateway.Host}'] li[data-audit]"))
            .Select(e => new[] { e.GetAttribute("data-status")!, e.Text }).FirstOrDefault(), "the command result");
        Assert.Equal("Succeeded", result[0]);
        Assert.Contains("by ada", result[1], StringComparison.Ordinal);
        browser.Screenshot("hosts-after-run");
    }

    [Fact]
    public async Task HostsPage_Viewer_HasNoRunButtonAndItsPostIsForbidden()
    {
        using (var browser = new Browser(gateway.BaseUrl, output, width: 390, height: 844))
        {
            browser.Login(TestUsers.NameOf(ConsoleRole.Viewer));
            browser.Open("/console/hosts");
            browser.WaitFor(By.CssSelector($"section[data-host='{ConsoleGateway.Host}']"));
            Assert.Empty(browser.Driver.FindElements(By.CssSelector("form.run, button.run-command")));
            browser.Screenshot("hosts-viewer-phone");
        }

        using var client = new FormClient(gateway.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await client.LoginAsync(TestUsers.NameOf(ConsoleRole.Viewer))).StatusCode);
        string token = await client.TokenFromAsync("/console/hosts");
        HttpResponseMessage response = await client.PostAsync($"/console/hosts/{ConsoleGateway.Host}/run",
            new Dictionary<string, string> { ["__csrf"] = token, ["template"] = "disk-usage", ["args"] = "" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
