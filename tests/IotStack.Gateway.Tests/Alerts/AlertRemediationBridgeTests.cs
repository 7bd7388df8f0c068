using IotStack.Gateway.Alerts;
using IotStack.Gateway.Hosting;
using IotStack.Gateway.Tests.Support;
using IotStack.TestServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace IotStack.Gateway.Tests.Alerts;

/// <summary>A gateway alert runs a remediation rule on a real host over SSH (the harness's sshd and fake systemctl).</summary>
public sealed class AlertRemediationBridgeTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly string _unit = "iot-service-" + Guid.NewGuid().ToString("N")[..8];
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        SshEndpoint ssh = ServiceEndpoints.Ssh;
        _app = GatewayComposition.Build([], new Dictionary<string, string?>
        {
            ["IotStack:Http:Urls"] = "http://127.0.0.1:0",
            ["IotStack:Broker:Port"] = "0",
            ["IotStack:Storage:SqlitePath"] = _dir.File("gateway.db"),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Maintenance:Hosts:0:Name"] = "web-1",
            ["Maintenance:Hosts:0:Address"] = ssh.Host,
            ["Maintenance:Hosts:0:Port"] = ssh.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Maintenance:Hosts:0:User"] = ssh.User,
            ["Maintenance:Hosts:0:KeyFile"] = ssh.PrivateKeyPath,
            ["Maintenance:Hosts:0:HostKeyFingerprint"] = ssh.HostKeyFingerprint,
            ["Maintenance:Remediation:0:Name"] = "restart-on-down",
            ["Maintenance:Remediation:0:OnAlert"] = "service-down",
            ["Maintenance:Remediation:0:TargetHost"] = "web-1",
            ["Maintenance:Remediation:0:Template"] = "restart-service",
            ["Maintenance:Remediation:0:Arguments:unit"] = _unit,
            ["Maintenance:Remediation:0:Cooldown"] = "01:00:00",
        }, new StringWriter());
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task RaiseAsync_AlertMatchingRemediationRule_RestartsServiceOnceOverSsh()
    {
        var alerts = _app.Services.GetRequiredService<AlertEngine>();
        var signal = new AlertSignal("web-1", 0, "service-down", AlertSeverity.Critical, 1, "iot-service failed");

        await alerts.RaiseAsync(signal, CancellationToken.None);
        await alerts.RaiseAsync(signal, CancellationToken.None); // the same open alert: no second action

        int restarts = await WaitForRestartsAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Equal(1, restarts);
        Assert.Equal(1, CountRestarts());
    }

    private async Task<int> WaitForRestartsAsync(TimeSpan patience)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (CountRestarts() == 0 && watch.Elapsed < patience)
        {
            await Task.Delay(200);
        }

        return CountRestarts();
    }

    private int CountRestarts() =>
        File.ReadAllLines(ServiceEndpoints.Ssh.SystemctlLogPath).Count(line => line.EndsWith("systemctl restart " + _unit, StringComparison.Ordinal));
}
