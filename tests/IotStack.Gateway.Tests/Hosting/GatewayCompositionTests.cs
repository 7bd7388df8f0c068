using System.Net;
using IotStack.Gateway.Alerts;
using IotStack.Gateway.Hosting;
using IotStack.Gateway.Tests.Support;
using IotStack.Gateway.Timeline;
using IotStack.Maintenance.Alerts;
using IotStack.Maintenance.Commands;
using IotStack.Maintenance.Logs;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace IotStack.Gateway.Tests.Hosting;

/// <summary>The full composition root: maintenance and the console wired to the core's alerts and timeline.</summary>
public sealed class GatewayCompositionTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly StringWriter _announced = new();
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        _app = GatewayComposition.Build([], new Dictionary<string, string?>
        {
            ["IotStack:Http:Urls"] = "http://127.0.0.1:0",
            ["IotStack:Broker:Port"] = "0",
            ["IotStack:Storage:SqlitePath"] = _dir.File("gateway.db"),
            ["Logging:LogLevel:Default"] = "Warning",
        }, _announced);
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Build_LogRuleMatch_OpensGatewayAlert()
    {
        var sink = _app.Services.GetRequiredService<IAlertSink>();
        var now = DateTimeOffset.UnixEpoch.AddDays(20_000);
        var sample = new LogRecord(now, LogSeverity.Error, "web-1", "iot", "disk full");
        await sink.LogRuleMatchedAsync(new LogRuleMatch("disk", "web-1", LogSeverity.Error, 5, TimeSpan.FromMinutes(1), now, now, sample, "disk errors"), CancellationToken.None);

        var active = await _app.Services.GetRequiredService<AlertEngine>().SnapshotActiveAsync(CancellationToken.None);
        AlertRecord alert = Assert.Single(active);
        Assert.Equal("web-1", alert.DeviceId);
        Assert.Equal("log:disk", alert.Rule);
        Assert.Equal(AlertSeverity.Critical, alert.Severity);
        Assert.Equal("maintenance", alert.Source);
    }

    [Fact]
    public async Task Build_BoardLogRecord_SearchableInLogStore()
    {
        var sink = new IotStack.Gateway.Ingest.IngestFanOut(_app.Services.GetServices<IotStack.Gateway.Ingest.IIngestSink>());
        var topic = new IotStack.Gateway.Ingest.TopicInfo("iot/f/board-7/log", IotStack.Protocol.TopicKind.Log, "f", "board-7");
        var record = new IotStack.Protocol.LogRecord
        {
            Sequence = 1, TimeMs = 1_700_000_000_000, Level = IotStack.Protocol.LogLevel.Error, Source = "bme280", Message = "i2c nack at 0x76",
        };

        await sink.OnLogAsync(topic, record, CancellationToken.None);

        var found = await _app.Services.GetRequiredService<LogMonitor>().Store.SearchAsync(new LogQuery(Source: "board-7"), CancellationToken.None);
        LogRecord stored = Assert.Single(found);
        Assert.Equal(LogSeverity.Error, stored.Level);
        Assert.Equal("i2c nack at 0x76", stored.Message);
    }

    [Fact]
    public async Task Build_RefusedHostCommand_AuditedOnHostTimeline()
    {
        var runner = _app.Services.GetRequiredService<HostCommandRunner>();
        CommandOutcome outcome = await runner.RunAsync("nowhere", "service-status", new Dictionary<string, string> { ["service"] = "iot" }, "tester", CancellationToken.None);

        Assert.Equal(CommandStatus.UnknownHost, outcome.Status);
        var events = await _app.Services.GetRequiredService<ITimeline>().ReadAsync("nowhere", null, 10);
        TimelineEvent entry = Assert.Single(events);
        Assert.Equal(TimelineKinds.Maintenance, entry.Kind);
        Assert.Contains("UnknownHost", entry.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_Console_MappedAndFirstRunAdminAnnounced()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_app.Urls.First()) };

        using HttpResponseMessage fleet = await http.GetAsync(new Uri("/console", UriKind.Relative));
        using HttpResponseMessage login = await http.GetAsync(new Uri("/console/login", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, fleet.StatusCode);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("admin", _announced.ToString(), StringComparison.Ordinal);
        Assert.True(File.Exists(_dir.File("console-admin.json")));
    }
}
