using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using IotStack.Console.Tests.Support;
using IotStack.Gateway.Alerts;
using IotStack.Gateway.Auth;
using IotStack.Gateway.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace IotStack.Console.Tests.Dashboard;

/// <summary>Who may do what, over plain HTTP: cookies with antiforgery for browsers, bearer tokens for scripts.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleAccessTests(ConsoleGateway gateway)
{
    [Fact]
    public async Task Page_Anonymous_RedirectsToLogin()
    {
        using var client = new FormClient(gateway.BaseUrl);
        HttpResponseMessage response = await client.Http.GetAsync("/console/alerts");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/console/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertsPage_SeverityFilter_HidesInfoAlertsAndKeepsTheFilterForActions()
    {
        var store = gateway.Services.GetRequiredService<IGatewayStore>();
        DateTimeOffset now = TimeProvider.System.GetUtcNow();
        long info = await store.SaveAlertAsync(new AlertRecord { DeviceId = "filter-dev", Channel = 2, Rule = "robustz", Status = AlertStatus.Open, Severity = AlertSeverity.Info, OpenedAt = now, LastSignalAt = now, Message = "weak", LastValue = 1 }, CancellationToken.None);
        long warning = await store.SaveAlertAsync(new AlertRecord { DeviceId = "filter-dev", Channel = 2, Rule = "new-extreme", Status = AlertStatus.Open, Severity = AlertSeverity.Warning, OpenedAt = now, LastSignalAt = now, Message = "strong", LastValue = 9 }, CancellationToken.None);
        using var client = new FormClient(gateway.BaseUrl);
        await client.LoginAsync(TestUsers.NameOf(ConsoleRole.Operator));

        string all = await client.Http.GetStringAsync("/console/alerts");
        string warningUp = await client.Http.GetStringAsync("/console/alerts?severity=warning");

        Assert.Contains($"data-alert=\"{info}\"", all, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-alert=\"{info}\"", warningUp, StringComparison.Ordinal);
        Assert.Contains($"data-alert=\"{warning}\"", warningUp, StringComparison.Ordinal);
        Assert.Contains("name=\"return\" value=\"/console/alerts?severity=warning\"", warningUp, StringComparison.Ordinal);
        Assert.Contains("href=\"/console/alerts?severity=warning\"", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WrongPassword_401AndNoSessionCookie()
    {
        using var client = new FormClient(gateway.BaseUrl);
        HttpResponseMessage response = await client.LoginAsync(TestUsers.NameOf(ConsoleRole.Admin), "not the password");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("iotstack.console=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Login_RightPassword_SessionCookieIsHttpOnlyAndSameSiteStrict()
    {
        using var client = new FormClient(gateway.BaseUrl);
        HttpResponseMessage response = await client.LoginAsync(TestUsers.NameOf(ConsoleRole.Viewer));
        string cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("iotstack.console=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/console")).StatusCode);
    }

    [Fact]
    public async Task Post_CookieWithoutAntiforgeryToken_400()
    {
        using var client = new FormClient(gateway.BaseUrl);
        await client.LoginAsync(TestUsers.NameOf(ConsoleRole.Operator));
        HttpResponseMessage response = await client.PostAsync("/console/alerts/1/acknowledge", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Api_ViewerToken_ReadsButCannotAcknowledge()
    {
        using HttpClient http = Bearer(TestUsers.ViewerToken);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/console/api/devices")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsync("/console/alerts/1/acknowledge", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsync($"/console/hosts/{ConsoleGateway.Host}/run", null)).StatusCode);
    }

    [Fact]
    public async Task Api_OperatorToken_PassesAuthorizationWithoutAntiforgery()
    {
        using HttpClient http = Bearer(TestUsers.OperatorToken);
        // An alert id that does not exist: authorized and past the form checks, then 404 from the engine.
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("/console/alerts/987654/acknowledge", null)).StatusCode);
    }

    [Fact]
    public async Task Api_UnknownToken_401()
    {
        using HttpClient http = Bearer(ApiTokens.NewToken());
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/console/api/devices")).StatusCode);
    }

    [Fact]
    public async Task Login_AfterMaxFailures_RefusedEvenWithTheRightPassword()
    {
        using var client = new FormClient(gateway.BaseUrl);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.LoginAsync(TestUsers.LockoutUser, "guess " + i)).StatusCode);
        }

        HttpResponseMessage refused = await client.LoginAsync(TestUsers.LockoutUser);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.DoesNotContain(refused.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("iotstack.console=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task JsonApi_NoCredentials_401()
    {
        using var http = new HttpClient { BaseAddress = new Uri(gateway.BaseUrl) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/devices")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("/api/alerts/1/ack", null)).StatusCode);
    }

    [Fact]
    public async Task JsonApi_ConsoleSession_ReadsButPostWithoutAntiforgery400()
    {
        using var client = new FormClient(gateway.BaseUrl);
        await client.LoginAsync(TestUsers.NameOf(ConsoleRole.Operator));

        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/api/devices")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.Http.PostAsync("/api/alerts/987654/ack", JsonContent.Create(new { }))).StatusCode);
    }

    [Fact]
    public async Task HostRun_OperatorToken_403OnApiAndConsole()
    {
        using HttpClient http = Bearer(TestUsers.OperatorToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsync($"/api/hosts/{ConsoleGateway.Host}/run", JsonContent.Create(new { template = "disk-usage" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsync($"/console/hosts/{ConsoleGateway.Host}/run", null)).StatusCode);
    }

    [Fact]
    public async Task Page_AnyResponse_CarriesContentSecurityPolicy()
    {
        using var client = new FormClient(gateway.BaseUrl);
        HttpResponseMessage response = await client.Http.GetAsync("/console/login");
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Empty(gateway.Announced.ToString());
    }

    private HttpClient Bearer(string token)
    {
        var http = new HttpClient { BaseAddress = new Uri(gateway.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}
