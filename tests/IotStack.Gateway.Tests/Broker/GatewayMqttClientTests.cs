using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using IotStack.Gateway.Broker;
using IotStack.Gateway.Hosting;
using IotStack.Gateway.Ota;
using IotStack.Gateway.Storage;
using IotStack.Gateway.Tests.Support;
using IotStack.Ota.Rollouts;
using IotStack.Ota.Signing;
using IotStack.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet.Server;

namespace IotStack.Gateway.Tests.Broker;

/// <summary>
/// The gateway's one MQTT way in, on a broker the test owns (MQTTnet's server, which tells who is connected and who
/// subscribed to what): ingest and OTA share one connection, and a board status is decoded once and fanned out.
/// </summary>
public sealed class GatewayMqttClientTests
{
    private const string GatewayId = "gw-one-ingress";

    [Fact]
    public async Task Gateway_WithOta_OneConnectionCarriesIngestAndOtaTraffic()
    {
        using var dir = new TempDirectory();
        int port = FreePort();
        var subscriptions = new ConcurrentQueue<(string ClientId, string Filter)>();
        using MqttServer broker = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder()
            .WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointPort(port).WithPersistentSessions().Build());
        broker.InterceptingSubscriptionAsync += e =>
        {
            subscriptions.Enqueue((e.ClientId, e.TopicFilter.Topic));
            return Task.CompletedTask;
        };
        await broker.StartAsync();
        using ReleaseSigner signer = ReleaseSigner.CreateEphemeral();
        WebApplication app = GatewayComposition.Build([], new Dictionary<string, string?>
        {
            ["IotStack:Http:Urls"] = "http://127.0.0.1:0",
            ["IotStack:Broker:Mode"] = "External",
            ["IotStack:Broker:Host"] = "127.0.0.1",
            ["IotStack:Broker:Port"] = TestGateway.Port(port),
            ["IotStack:Broker:ClientId"] = GatewayId,
            ["IotStack:Storage:SqlitePath"] = dir.File("gateway.db"),
            ["Ota:PublicKey"] = Convert.ToHexStringLower(signer.PublicKey),
            ["Ota:TickInterval"] = "00:00:00.100",
            ["Logging:LogLevel:Default"] = "Warning",
        }, TextWriter.Null);
        await app.StartAsync();
        try
        {
            var client = app.Services.GetRequiredService<GatewayMqttClient>();
            var ota = app.Services.GetRequiredService<OtaHost>();
            await Eventually.TrueAsync(() => Task.FromResult(client.IsReady && ota.Engine is not null), "gateway connected and OTA started");
            await using TestPublisher board = await TestPublisher.ConnectAsync("127.0.0.1", port);

            // A chunk request for a transfer nobody offered: it reaches the chunk server through the gateway's connection.
            var request = new OtaChunkRequest { TransferId = 0xDEAD, FileIndex = 0, Offset = 0, Length = 512 };
            var frame = new byte[request.FrameLength];
            request.WriteTo(frame, 0);
            await board.PublishAsync(new DeviceTopics("it", "b1").OtaRequest, frame);
            await Eventually.TrueAsync(() => Task.FromResult(ota.Server!.Refused == 1), "chunk request reached the chunk server");

            // Two boots of one board: device state stores the board, and the fleet view (OTA) counts the reboot.
            await board.PublishAsync(new DeviceTopics("it", "b1").Status, Status(timeMs: 1_000_000));
            await board.PublishAsync(new DeviceTopics("it", "b1").Status, Status(timeMs: 2_000_000));
            var devices = app.Services.GetRequiredService<IDeviceStore>();
            var fleet = app.Services.GetRequiredService<GatewayFleetView>();
            DateTimeOffset now = TimeProvider.System.GetUtcNow();
            await Eventually.TrueAsync(async () =>
            {
                // Without a running campaign the host refreshes membership only; health is read on demand here.
                await fleet.RefreshAsync(CancellationToken.None);
                return (await devices.ReadDevicesAsync(CancellationToken.None)).Any(d => d.DeviceId == "b1")
                    && fleet.Measure([new DeviceRef("it", "b1", "1.0.0")], now.AddMinutes(-5), now.AddMinutes(5)).RebootsPerDevice == 1;
            }, "status stored and reboot counted");

            IList<MqttClientStatus> clients = await broker.GetClientsAsync();
            Assert.Equal([GatewayId], clients.Select(c => c.Id).Where(id => !id.StartsWith("test-pub-", StringComparison.Ordinal)));
            var deviceFilters = subscriptions.Where(s => s.Filter.StartsWith(DeviceTopics.Root + "/", StringComparison.Ordinal)).ToList();
            Assert.All(deviceFilters, s => Assert.Equal(GatewayId, s.ClientId));
            Assert.Contains(deviceFilters, s => s.Filter == DeviceTopics.GatewayFilter(TopicKind.Telemetry));
            Assert.Contains(deviceFilters, s => s.Filter == DeviceTopics.GatewayFilter(TopicKind.OtaRequest));
            Assert.Contains(deviceFilters, s => s.Filter == DeviceTopics.GatewayFilter(TopicKind.OtaProgress));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            await broker.StopAsync();
        }
    }

    private static byte[] Status(long timeMs)
    {
        var status = new StatusReport { State = DeviceState.Online, FirmwareVersion = "1.0.0", Board = "test", TimeMs = timeMs, UptimeSeconds = 1 };
        var buffer = new byte[status.FrameLength];
        status.WriteTo(buffer, 0);
        return buffer;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
