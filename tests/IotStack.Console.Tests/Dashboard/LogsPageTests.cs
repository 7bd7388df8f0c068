using System.Net.Http.Headers;
using IotStack.Console.Tests.Support;
using IotStack.Gateway.Auth;
using IotStack.Maintenance.Logs;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace IotStack.Console.Tests.Dashboard;

/// <summary>The logs page: a live tail that is live before the first matching line, and rows coloured by level.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class LogsPageTests(ConsoleGateway gateway, ITestOutputHelper output)
{
    [Fact]
    public async Task Stream_NoMatchingLine_AnswersAtOnceWithAReadyEvent()
    {
        using var http = new HttpClient { BaseAddress = new Uri(gateway.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestUsers.ViewerToken);
        // A generous deadline, not a timing assertion: before the fix the headers never came for a tail nothing matches.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        using HttpResponseMessage response = await http.GetAsync(new Uri($"/console/logs/stream?q={Guid.NewGuid():N}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token));
        string? first = await reader.ReadLineAsync(deadline.Token);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("event: ready", first);
    }

    [Fact]
    public async Task LogsPage_LinesOfEachLevel_ColouredApartAndTailOn()
    {
        string source = "levels-" + Guid.NewGuid().ToString("N")[..8];
        DateTimeOffset at = TimeProvider.System.GetUtcNow().AddMinutes(-1);
        LogRecord[] records = [.. Enum.GetValues<LogSeverity>().Select((level, i) => new LogRecord(at.AddSeconds(i), level, source, "app", $"a {level} line"))];
        await gateway.Services.GetRequiredService<ILogStore>().AppendAsync(records, CancellationToken.None);

        using var browser = new Browser(gateway.BaseUrl, output);
        browser.Login(TestUsers.NameOf(ConsoleRole.Viewer));
        browser.Open($"/console/logs?source={source}");
        browser.Until(() => browser.Driver.FindElement(By.Id("tail-state")).Text == "on" ? "on" : null, "the live tail on");

        string Colour(LogSeverity level) => browser.Driver.FindElement(By.CssSelector($"table.logs tr.{level.ToString().ToLowerInvariant()} td")).GetCssValue("color");
        string Background(LogSeverity level) => browser.Driver.FindElement(By.CssSelector($"table.logs tr.{level.ToString().ToLowerInvariant()} td")).GetCssValue("background-color");
        string[] colours = [Colour(LogSeverity.Debug), Colour(LogSeverity.Info), Colour(LogSeverity.Warning), Colour(LogSeverity.Error)];
        Assert.Equal(colours.Length, colours.Distinct().Count());
        Assert.NotEqual(Background(LogSeverity.Info), Background(LogSeverity.Critical));
        browser.Screenshot("logs-levels");
    }
}
