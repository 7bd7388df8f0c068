using System.Text;
using IotStack.Gateway.Broker;
using IotStack.Gateway.Tests.Support;
using IotStack.Protocol;
using IotStack.TestServices;

namespace IotStack.Gateway.Tests.Broker;

/// <summary>One owner per MQTT client id, against the shared Mosquitto (nothing here stops it).</summary>
public sealed class ClientIdLeaseTests
{
    private static Dictionary<string, string?> External(string clientId, string db) => new()
    {
        ["IotStack:Broker:Mode"] = "External",
        ["IotStack:Broker:Host"] = ServiceEndpoints.Mosquitto.Host,
        ["IotStack:Broker:Port"] = TestGateway.Port(ServiceEndpoints.Mosquitto.Port),
        ["IotStack:Broker:Username"] = ServiceEndpoints.MosquittoAccount.User,
        ["IotStack:Broker:Password"] = ServiceEndpoints.MosquittoAccount.Password,
        ["IotStack:Broker:ClientId"] = clientId,
        ["IotStack:Storage:Provider"] = "Sqlite",
        ["IotStack:Storage:SqlitePath"] = db,
    };

    [Fact]
    public void Owner_OtherInstance_NamesHostAndPid()
    {
        byte[] lease = ClientIdLease.Payload("other", DateTimeOffset.UnixEpoch);

        string? owner = ClientIdLease.Owner(lease, "me");

        Assert.NotNull(owner);
        Assert.Contains($"pid {Environment.ProcessId}", owner, StringComparison.Ordinal);
    }

    [Fact]
    public void Owner_OwnOrEmptyOrGarbage_Free()
    {
        Assert.Null(ClientIdLease.Owner(ClientIdLease.Payload("me", DateTimeOffset.UnixEpoch), "me"));
        Assert.Null(ClientIdLease.Owner([], "me"));
        Assert.Null(ClientIdLease.Owner(Encoding.UTF8.GetBytes("not a lease"), "me"));
    }

    [Fact]
    public async Task StartAsync_SecondGatewayWithSameClientId_RefusesAndFirstKeepsItsSession()
    {
        using var dir = new TempDirectory();
        string clientId = "gw-owner-" + Guid.NewGuid().ToString("N")[..8];
        string fleet = "own" + Guid.NewGuid().ToString("N")[..6];
        await using TestGateway first = await TestGateway.StartAsync(External(clientId, dir.File("first.db")));
        await first.WaitConnectedAsync();

        var refused = await Assert.ThrowsAsync<ClientIdInUseException>(() => TestGateway.StartAsync(External(clientId, dir.File("second.db"))));

        Assert.Contains($"'{clientId}' is in use by another gateway", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
        // The first one was never taken over: it still receives what the boards publish.
        await using TestPublisher board = await TestPublisher.ConnectAsync(ServiceEndpoints.Mosquitto.Host, ServiceEndpoints.Mosquitto.Port, ServiceEndpoints.MosquittoBoardAccount);
        await board.PublishAsync(new DeviceTopics(fleet, "d1").Telemetry, Frames.Telemetry(1, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds()));
        await Eventually.TrueAsync(async () => (await first.Store.ReadSequencesAsync("d1", CancellationToken.None)).Count == 1, "first gateway still stores");
    }

    [Fact]
    public async Task StartAsync_OwnerCrashed_NextGatewayTakesTheSession()
    {
        using var dir = new TempDirectory();
        string clientId = "gw-crash-" + Guid.NewGuid().ToString("N")[..8];
        TestGateway first = await TestGateway.StartAsync(External(clientId, dir.File("gw.db")));
        await first.WaitConnectedAsync();
        await first.KillAsync();

        await using TestGateway next = await TestGateway.StartAsync(External(clientId, dir.File("gw.db")));

        await next.WaitConnectedAsync();
    }

    [Fact]
    public async Task StartAsync_OwnerStoppedCleanly_NextGatewayTakesTheSession()
    {
        using var dir = new TempDirectory();
        string clientId = "gw-stop-" + Guid.NewGuid().ToString("N")[..8];
        await using (TestGateway first = await TestGateway.StartAsync(External(clientId, dir.File("gw.db"))))
        {
            await first.WaitConnectedAsync();
        }

        await using TestGateway next = await TestGateway.StartAsync(External(clientId, dir.File("gw.db")));

        await next.WaitConnectedAsync();
    }
}
