using System.Globalization;
using System.Text;
using IotStack.Console.Tests.Support;
using IotStack.Gateway.Auth;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace IotStack.Console.Tests.Dashboard;

/// <summary>Every console page in headless Chromium: rendered, screenshotted, no CSP violation, and its weight measured.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsolePagesTests(ConsoleGateway gateway, ITestOutputHelper output)
{
    private static readonly (string Name, string Path, string Ready)[] Pages =
    [
        ("fleet", "/console", "table.devices tr[data-device]"),
        ("device", $"/console/devices/{ConsoleGateway.SpikingDevice}?channel=1", "#chart[data-drawn='1']"),
        ("alerts", "/console/alerts", "nav.filter"),
        ("logs", "/console/logs", "#log-rows"),
        ("hosts", "/console/hosts", $"section[data-host='{ConsoleGateway.Host}']"),
        ("ota", "/console/ota", "main h1"),
    ];

    [Fact]
    public void EveryPage_Admin_RendersWithinTheCspAndIsScreenshottedWithItsWeight()
    {
        using var browser = new Browser(gateway.BaseUrl, output);
        var table = new StringBuilder("| Page | First visit (transferred) | First visit (decoded) | Cached visit (transferred) | Files |\n|---|---:|---:|---:|---:|\n");

        browser.ClearCache();
        browser.Open("/console/login");
        browser.WaitFor(By.Id("sign-in"));
        Row(table, "login", browser.PageBytes(), (0, 0, 0));
        browser.Screenshot("page-login");
        browser.Login(TestUsers.NameOf(ConsoleRole.Admin));

        foreach (var (name, path, ready) in Pages)
        {
            browser.ClearCache();
            browser.Open(path);
            browser.WaitFor(By.CssSelector(ready), TimeSpan.FromSeconds(45));
            var first = browser.PageBytes();
            browser.Screenshot("page-" + name);
            browser.Open(path);
            browser.WaitFor(By.CssSelector(ready), TimeSpan.FromSeconds(45));
            var cached = browser.PageBytes();
            Row(table, name, first, cached);

            Assert.Empty(browser.CspViolations());
            Assert.Equal("IotStack", browser.Driver.FindElement(By.CssSelector("header .brand")).Text);
            // Cached: the static files come from the browser's cache (versioned URLs, immutable), only the page itself travels.
            Assert.True(cached.Transferred < first.Transferred, $"{name}: cached {cached.Transferred} B, first {first.Transferred} B");
        }

        string report = table.ToString();
        output.WriteLine(report);
        File.WriteAllText(Path.Combine(Browser.ScreenshotFolder, "page-weights.md"), report);
    }

    private static void Row(StringBuilder table, string name, (long Transferred, long Decoded, int Files) first, (long Transferred, long Decoded, int Files) cached) =>
        table.Append(CultureInfo.InvariantCulture, $"| {name} | {first.Transferred:N0} B | {first.Decoded:N0} B | {cached.Transferred:N0} B | {first.Files} |\n");
}
