using IotStack.TestServices;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Xunit.Abstractions;

namespace IotStack.Console.Tests.Support;

/// <summary>Headless Debian Chromium through the system chromedriver (Selenium Manager never runs, nothing is downloaded).</summary>
internal sealed class Browser : IDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);
    private readonly ITestOutputHelper _output;
    private readonly string _baseUrl;

    public Browser(string baseUrl, ITestOutputHelper output, int width = 1280, int height = 900)
    {
        _baseUrl = baseUrl;
        _output = output;
        ChromeDriverService service = ChromeDriverService.CreateDefaultService(ServiceEndpoints.ChromeDriverPath);
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = ServiceEndpoints.ChromiumPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", $"--window-size={width},{height}");
        // The browser's console: Content-Security-Policy violations are reported there.
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public ChromeDriver Driver { get; }

    public static string ScreenshotFolder { get; } = CreateScreenshotFolder();

    public void Open(string path) => Driver.Navigate().GoToUrl(_baseUrl + path);

    public void Login(string user, string password = TestUsers.Password)
    {
        Open("/console/login");
        Driver.FindElement(By.Id("user")).SendKeys(user);
        Driver.FindElement(By.Id("password")).SendKeys(password);
        Driver.FindElement(By.Id("sign-in")).Click();
        WaitFor(By.Id("who"));
    }

    public IWebElement WaitFor(By by, TimeSpan? timeout = null) =>
        Until(() => Driver.FindElements(by).FirstOrDefault(), $"element {by}", timeout);

    /// <summary>Clicks once the element is there, again if a live refresh replaced it in between.</summary>
    public void Click(By by) => Until(() =>
    {
        if (Driver.FindElements(by).FirstOrDefault() is not { } element)
        {
            return null;
        }

        element.Click();
        return "clicked";
    }, $"click {by}");

    /// <summary>Polls until <paramref name="probe"/> returns something (re-loading nothing: live pages update themselves).</summary>
    public T Until<T>(Func<T?> probe, string what, TimeSpan? timeout = null)
        where T : class
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (probe() is { } found)
                {
                    return found;
                }
            }
            catch (StaleElementReferenceException)
            {
                // The live refresh replaced <main> between find and read: try again.
            }

            if (waited.Elapsed > (timeout ?? DefaultWait))
            {
                Screenshot("timeout-" + new string(what.Where(char.IsLetterOrDigit).Take(40).ToArray()));
                throw new TimeoutException($"Timed out waiting for {what} on {Driver.Url}.");
            }

            Thread.Sleep(200);
        }
    }

    /// <summary>Content-Security-Policy violations the browser reported since the last call (it logs each as a console error).</summary>
    public IReadOnlyList<string> CspViolations() =>
        [.. Driver.Manage().Logs.GetLog(LogType.Browser).Select(e => e.Message).Where(m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))];

    /// <summary>Empties the HTTP cache, so the next page load is a first visit.</summary>
    public void ClearCache() => Driver.ExecuteCdpCommand("Network.clearBrowserCache", []);

    /// <summary>
    /// Bytes the current page cost over the network (Resource Timing: transferSize, compressed, 0 when served from
    /// the cache) and decoded, for the document and the files it loaded; the live stream and refreshes are left out.
    /// </summary>
    public (long Transferred, long Decoded, int Files) PageBytes()
    {
        var sizes = (IReadOnlyCollection<object>)Driver.ExecuteScript("""
            var nav = performance.getEntriesByType("navigation")[0];
            var files = performance.getEntriesByType("resource").filter(function (r) { return r.initiatorType === "script" || r.initiatorType === "link" || r.initiatorType === "css" || r.initiatorType === "img"; });
            var t = nav.transferSize, d = nav.decodedBodySize;
            files.forEach(function (r) { t += r.transferSize; d += r.decodedBodySize; });
            return [t, d, files.length];
            """)!;
        long[] values = [.. sizes.Select(Convert.ToInt64)];
        return (values[0], values[1], (int)values[2]);
    }

    public string Screenshot(string name)
    {
        string path = Path.Combine(ScreenshotFolder, name + ".png");
        Driver.GetScreenshot().SaveAsFile(path);
        _output.WriteLine($"screenshot: {path}");
        return path;
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
    }

    private static string CreateScreenshotFolder()
    {
        // artifacts/test-results next to the solution, where tools/test.sh keeps the trx files; else beside the tests.
        DirectoryInfo? dir = new(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "IotStack.sln")))
        {
            dir = dir.Parent;
        }

        string folder = dir is null
            ? Path.Combine(AppContext.BaseDirectory, "TestResults", "console-screenshots")
            : Path.Combine(dir.FullName, "artifacts", "test-results", "console-screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
