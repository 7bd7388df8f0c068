using System.Net;
using System.Text.Json;
using IotStack.Gateway.Resilience;
using IotStack.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IotStack.Gateway.Tests.Resilience;

public sealed class DependencyHealthTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Succeeded_AfterFailures_RecoversAloneWithRetriesAndDegradedTimeCounted()
    {
        var time = new FakeTimeProvider(T0);
        var health = new DependencyHealth(time);

        health.Failed(DependencyHealth.Store, "PostgreSQL 57P01: terminating connection");
        time.Advance(TimeSpan.FromSeconds(20));
        health.Failed(DependencyHealth.Store, "NpgsqlException: connection refused");
        DependencyStatus during = Assert.Single(health.Snapshot());
        time.Advance(TimeSpan.FromSeconds(5));
        health.Succeeded(DependencyHealth.Store);
        time.Advance(TimeSpan.FromMinutes(1));
        DependencyStatus after = Assert.Single(health.Snapshot());

        Assert.True(during.Degraded);
        Assert.Equal((T0, "NpgsqlException: connection refused", 2L, TimeSpan.FromSeconds(20)), (during.Since!.Value, during.LastError!, during.Retries, during.DegradedFor));
        Assert.False(health.IsDegraded);
        Assert.Equal((false, 2L, TimeSpan.FromSeconds(25)), (after.Degraded, after.Retries, after.DegradedFor));
    }

    [Fact]
    public async Task Health_StoreFailingThenBack_DegradedNamingTheStoreThenOk()
    {
        using var dir = new TempDirectory();
        await using TestGateway gateway = await TestGateway.StartAsync(new() { ["IotStack:Storage:SqlitePath"] = dir.File("h.db") });
        await gateway.WaitConnectedAsync();
        using HttpClient http = ApiClient.Anonymous(gateway.App);
        var health = gateway.App.Services.GetRequiredService<DependencyHealth>();

        health.Failed(DependencyHealth.Store, "PostgreSQL 57P01: terminating connection due to administrator command");
        HttpResponseMessage degraded = await http.GetAsync(new Uri("/health", UriKind.Relative));
        using JsonDocument body = JsonDocument.Parse(await degraded.Content.ReadAsStringAsync());
        PrometheusScrape during = await PrometheusScrape.ReadAsync(http);
        health.Succeeded(DependencyHealth.Store);
        HttpResponseMessage ok = await http.GetAsync(new Uri("/health", UriKind.Relative));
        PrometheusScrape after = await PrometheusScrape.ReadAsync(http);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, degraded.StatusCode);
        Assert.Equal("degraded", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(["store"], body.RootElement.GetProperty("failing").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("57P01", body.RootElement.GetProperty("dependencies")[0].GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal((1, 1), (during["iotstack_dependency_degraded{dependency=\"store\"}"], during["iotstack_dependency_retries_total{dependency=\"store\"}"]));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(0, after["iotstack_dependency_degraded{dependency=\"store\"}"]);
    }
}
