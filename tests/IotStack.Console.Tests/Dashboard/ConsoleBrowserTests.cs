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

        IWebElement marker = browser.Until(() =>
        {
            browser.Open(device);
            return browser.Driver.FindElements(By.CssSelector("svg.chart circle.anomaly")).FirstOrDefault();
        }, "an anomaly marker on the temperature chart", TimeSpan.FromSeconds(45));
        string alertId = marker.GetAttribute("data-alert")!;
        Assert.NotEmpty(browser.Driver.FindElements(By.CssSelector("svg.chart path.band")));
        Assert.Contains("above-max", marker.FindElement(By.TagName("title")).GetAttribute("textContent"), StringComparison.Ordinal);
        browser.Screenshot("device-spike");

        browser.Open("/console/alerts");
        browser.WaitFor(By.CssSelector($"tr[data-alert='{alertId}'] button.ack")).Click();
        browser.Until(() => browser.Driver.FindElements(By.CssSelector($"tr[data-alert='{alertId}'][data-status='acknowledged']")).FirstOrDefault(), "the alert acknowledged");
        browser.Screenshot("alerts-acknowledged");

        browser.Open(device);
        Assert.Contains(browser.Driver.FindElements(By.CssSelector("ol.timeline li[data-kind='alert']")),
            e => e.Text.Contains($"#{alertId}", StringComparison.Ordinal) && e.Text.Contains("acknowledged by olga", StringComparison.Ordinal));
    }

    [Fact]
    public void HostsPage_Operator_RunsAnAllowlistedCommandAfterConfirming()
    {
        using var browser = new Browser(gateway.BaseUrl, output);
        browser.Login(TestUsers.NameOf(ConsoleRole.Operator));
        browser.Open("/console/hosts");
        IWebElement form = browser.WaitFor(By.CssSelector($"section[data-host='{ConsoleGateway.Host}'] form.run"));
        form.FindElement(By.CssSelector("select[name='template'] option[value='disk-usage']")).Click();
        form.FindElement(By.CssSelector("button.run-command")).Click();
        browser.Driver.SwitchTo().Alert().Accept();

        IWebElement result = browser.WaitFor(By.CssSelector($"section[data-host='{ConsoleGateway.Host}'] li[data-audit]"));
        Assert.Equal("Succeeded", result.GetAttribute("data-status"));
        Assert.Contains("by olga", result.Text, StringComparison.Ordinal);
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
