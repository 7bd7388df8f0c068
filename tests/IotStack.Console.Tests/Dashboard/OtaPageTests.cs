using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using IotStack.Console.Tests.Support;
using IotStack.Firmware.Host.Hal;
using IotStack.Gateway.Auth;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace IotStack.Console.Tests.Dashboard;

/// <summary>Rollout campaigns on the OTA page, in headless Chromium against the composed gateway and boards that verify the release.</summary>
[Collection(OtaConsoleCollection.Name)]
public sealed class OtaPageTests(OtaConsoleGateway gateway, ITestOutputHelper output)
{
    [Fact]
    public void OtaPage_AdminStartsPausesAndResumesRollout_CompletesWithEveryBoardConfirmed()
    {
        using var browser = new Browser(gateway.BaseUrl, output);
        browser.Login(TestUsers.NameOf(ConsoleRole.Admin));
        browser.Open("/console/ota");
        browser.Click(By.CssSelector($"form.start-rollout select[name='release'] option[value='{VirtualBoard.Type}|{gateway.Version}']"));
        Fill(browser, "group", OtaConsoleGateway.Fleet);
        Fill(browser, "batch", "2");
        // Long enough to pause between waves, short enough for the test budget.
        Fill(browser, "soak", "4");
        browser.Click(By.CssSelector("form.start-rollout button.start"));
        browser.Driver.SwitchTo().Alert().Accept();

        string campaign = browser.Until(() => browser.Driver.FindElements(By.CssSelector("section.campaign")).FirstOrDefault()?.GetAttribute("data-campaign"), "the new campaign");
        string section = $"section.campaign[data-campaign='{campaign}']";
        browser.Click(By.CssSelector(section + " button.pause"));
        browser.Driver.SwitchTo().Alert().Accept();
        browser.WaitFor(By.CssSelector(section + "[data-state='Paused']"));
        Assert.Empty(browser.Driver.FindElements(By.CssSelector(section + " button.pause")));
        browser.Screenshot("ota-paused");

        browser.Click(By.CssSelector(section + " button.resume"));
        browser.Driver.SwitchTo().Alert().Accept();
        // No reload: the live stream re-renders the page as boards download, install and confirm.
        browser.WaitFor(By.CssSelector(section + "[data-state='Completed']"), TimeSpan.FromSeconds(90));
        // Both read in one probe: boards reporting their new firmware refresh <main> again (stale elements are retried).
        string[][] read = browser.Until(() =>
        {
            string[] states = [.. browser.Driver.FindElements(By.CssSelector(section + " table.campaign-devices tr[data-board]")).Select(r => r.GetAttribute("data-state")!)];
            string[] waves = [.. browser.Driver.FindElements(By.CssSelector(section + " table.waves tr[data-wave] td[data-step='confirmed']")).Select(c => c.Text)];
            return states.Length > 0 ? new[] { states, waves } : null;
        }, "the campaign's boards");
        string[] boards = read[0], confirmedPerWave = read[1];
        browser.Screenshot("ota-completed");

        Assert.Equal(Enumerable.Repeat("Confirmed", OtaConsoleGateway.Devices), boards);
        Assert.Equal(["1", "2"], confirmedPerWave);
        Assert.All(gateway.RunningVersions(), v => Assert.Equal(gateway.Version, v));
    }

    [Fact]
    public async Task OtaPage_Viewer_NoCampaignControlsAndForgedPostsForbidden()
    {
        using (var browser = new Browser(gateway.BaseUrl, output, width: 390, height: 844))
        {
            browser.Login(TestUsers.NameOf(ConsoleRole.Viewer));
            browser.Open("/console/ota");
            browser.WaitFor(By.CssSelector("ul.releases li"));
            Assert.Empty(browser.Driver.FindElements(By.CssSelector("form.start-rollout, button.pause, button.resume, button.abort")));
            browser.Screenshot("ota-viewer-phone");
        }

        using var client = new FormClient(gateway.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await client.LoginAsync(TestUsers.NameOf(ConsoleRole.Viewer))).StatusCode);
        string token = await client.TokenFromAsync("/console/ota");
        HttpResponseMessage pause = await client.PostAsync("/console/ota/campaigns/any/pause", new Dictionary<string, string> { ["__csrf"] = token });
        HttpResponseMessage start = await client.PostAsync("/console/ota/campaigns", new Dictionary<string, string>
        {
            ["__csrf"] = token, ["release"] = $"{VirtualBoard.Type}|{gateway.Version}", ["group"] = "all",
        });
        Assert.Equal(HttpStatusCode.Forbidden, pause.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, start.StatusCode);
    }

    [Fact]
    public async Task OtaApi_ViewerTokenReadsButCannotStart_AdminTokenAnswersForMissingCampaign()
    {
        using var viewer = Bearer(TestUsers.ViewerToken);
        using var admin = Bearer(TestUsers.AdminToken);
        using var operatorClient = Bearer(TestUsers.OperatorToken);

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/ota/campaigns")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/ota/campaigns", new { board = VirtualBoard.Type, version = gateway.Version, group = "all" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.PostAsync("/api/ota/campaigns/none/pause", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/ota/campaigns/none/pause", null)).StatusCode);
    }

    private static void Fill(Browser browser, string name, string value)
    {
        IWebElement input = browser.WaitFor(By.CssSelector($"form.start-rollout input[name='{name}']"));
        input.Clear();
        input.SendKeys(value);
    }

    private HttpClient Bearer(string token)
    {
        var http = new HttpClient { BaseAddress = new Uri(gateway.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}
