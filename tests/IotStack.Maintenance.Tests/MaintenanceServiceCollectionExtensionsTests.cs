using IotStack.Maintenance.Alerts;
using IotStack.Maintenance.Commands;
using IotStack.Maintenance.FanOut;
using IotStack.Maintenance.Hosts;
using IotStack.Maintenance.Logs;
using IotStack.Maintenance.Remediation;
using IotStack.Maintenance.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IotStack.Maintenance.Tests;

[Collection(LiveSshCollection.Name)]
public sealed class MaintenanceServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddMaintenance_FromConfiguration_BindsHostsRulesAndRunsACommand()
    {
        using var temp = new TempDirectory();
        var ssh = MaintenanceHarness.Ssh;
        var unit = MaintenanceHarness.UniqueUnit("di");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Maintenance:AuditDatabase"] = temp.File("audit.db"),
            ["Maintenance:LogDatabase"] = temp.File("logs.db"),
            ["Maintenance:CommandTimeout"] = "00:00:20",
            ["Maintenance:Hosts:0:Name"] = "edge-1",
            ["Maintenance:Hosts:0:Address"] = ssh.Host,
            ["Maintenance:Hosts:0:Port"] = ssh.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Maintenance:Hosts:0:User"] = ssh.User,
            ["Maintenance:Hosts:0:KeyFile"] = ssh.PrivateKeyPath,
            ["Maintenance:Hosts:0:HostKeyFingerprint"] = ssh.HostKeyFingerprint,
            ["Maintenance:Hosts:0:Groups:0"] = "edge",
            ["Maintenance:LogRules:0:Name"] = "error-burst",
            ["Maintenance:LogRules:0:MinLevel"] = "Error",
            ["Maintenance:LogRules:0:MoreThan"] = "5",
            ["Maintenance:LogRules:0:Window"] = "00:01:00",
            ["Maintenance:Remediation:0:Name"] = "restart-on-burst",
            ["Maintenance:Remediation:0:OnAlert"] = "error-burst",
            ["Maintenance:Remediation:0:Template"] = "restart-service",
            ["Maintenance:Remediation:0:Arguments:unit"] = unit,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddMaintenance(configuration);
        await using var provider = services.BuildServiceProvider();

        var inventory = provider.GetRequiredService<HostInventory>();
        var rules = provider.GetRequiredService<LogRuleEngine>();
        var remediation = provider.GetRequiredService<RemediationEngine>();
        provider.GetRequiredService<FanOutJobRegistry>();
        provider.GetRequiredService<LogMonitor>();
        Assert.IsType<LoggingAlertSink>(provider.GetRequiredService<IAlertSink>());

        Assert.Equal("edge-1", Assert.Single(inventory.InGroup("edge")).Name);
        var rule = Assert.Single(rules.Rules);
        Assert.Equal(5, rule.MoreThan);
        Assert.Equal(TimeSpan.FromMinutes(1), rule.Window);
        var decision = Assert.Single(await remediation.HandleAsync(new AlertSignal("error-burst", Host: "edge-1"), CancellationToken.None));
        Assert.Equal(RemediationAction.Executed, decision.Action);
        Assert.Equal(CommandStatus.Succeeded, decision.Outcome!.Status);
        Assert.Contains($"uid=0 systemctl restart {unit}", MaintenanceHarness.SystemctlCalls());
        SqliteConnection.ClearAllPools();
    }
}
