using IotStack.Gateway.Hosting;
using IotStack.Gateway.Options;
using Microsoft.Extensions.Options;

namespace IotStack.Gateway.Tests.Options;

public sealed class GatewayOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new GatewayOptionsValidator().Validate(null, new GatewayOptions()).Succeeded);
    }

    [Fact]
    public void Validate_SeveralMistakes_AllReported()
    {
        var options = new GatewayOptions
        {
            Broker = new BrokerOptions { Port = 70000, SharedGroup = "g" },
            Storage = new StorageOptions { Provider = Gateway.Storage.StorageProvider.Postgres, CheckpointInterval = TimeSpan.Zero },
            Channels = { ["temperature"] = new ChannelThresholdOptions(), ["1"] = new ChannelThresholdOptions { Min = 5, Max = 1 } },
            Alerts = new AlertOptions { OfflineGrace = TimeSpan.FromSeconds(-1) },
        };

        ValidateOptionsResult result = new GatewayOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("Broker:Port", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("SharedGroup", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("PostgresConnectionString", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Storage:CheckpointInterval", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Channels:temperature", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Channels:1", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Alerts:OfflineGrace", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Sqlite", "External", "g", 8, "Cluster:Partitions needs Storage:Provider Postgres")]
    [InlineData("Postgres", "Embedded", "", 8, "Cluster:Partitions needs Storage:Provider Postgres")]
    [InlineData("Postgres", "External", "", 8, "Cluster:Partitions needs Storage:Provider Postgres")]
    [InlineData("Postgres", "External", "g", -1, "Cluster:Partitions (-1) must be 0")]
    [InlineData("Postgres", "External", "g", 5000, "Cluster:Partitions (5000) must be 0")]
    public void Validate_DeviceOwnershipWithoutWhatItNeeds_Refused(string storage, string mode, string group, int partitions, string expected)
    {
        var options = new GatewayOptions
        {
            Broker = new BrokerOptions { Mode = Enum.Parse<BrokerMode>(mode), SharedGroup = group },
            Storage = new StorageOptions { Provider = Enum.Parse<Gateway.Storage.StorageProvider>(storage), PostgresConnectionString = "Host=127.0.0.1" },
            Cluster = new ClusterOptions { Partitions = partitions },
        };

        ValidateOptionsResult result = new GatewayOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DeviceOwnershipOnPostgresAndASharedBroker_Accepted()
    {
        var options = new GatewayOptions
        {
            Broker = new BrokerOptions { Mode = BrokerMode.External, SharedGroup = "g" },
            Storage = new StorageOptions { Provider = Gateway.Storage.StorageProvider.Postgres, PostgresConnectionString = "Host=127.0.0.1" },
            Cluster = new ClusterOptions { Partitions = 16 },
        };

        ValidateOptionsResult result = new GatewayOptionsValidator().Validate(null, options);

        Assert.False(result.Failed, string.Join("; ", result.Failures ?? []));
    }

    [Fact]
    public void Validate_KeepAliveShorterThanLeaderCheck_Refused()
    {
        // PostgreSQL would free a cut-off leader's lock before that leader notices it lost it: two leaders at once.
        var options = new GatewayOptions { Cluster = new ClusterOptions { KeepAliveIdleSeconds = 1, KeepAliveIntervalSeconds = 1, KeepAliveCount = 1, CheckTimeout = TimeSpan.FromSeconds(2) } };

        ValidateOptionsResult result = new GatewayOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures!, f => f.Contains("keepalive time", StringComparison.Ordinal));
        Assert.True(new GatewayOptionsValidator().Validate(null, new GatewayOptions()).Succeeded);
    }

    [Fact]
    public async Task StartAsync_InvalidConfiguration_FailsAtStartWithTheProblem()
    {
        var app = GatewayHost.Build([], new Dictionary<string, string?>
        {
            ["IotStack:Http:Urls"] = "http://127.0.0.1:0",
            ["IotStack:Alerts:FlapThreshold"] = "1",
        });
        await using (app)
        {
            var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
            Assert.Contains(ex.Failures, f => f.Contains("FlapThreshold", StringComparison.Ordinal));
        }
    }
}
