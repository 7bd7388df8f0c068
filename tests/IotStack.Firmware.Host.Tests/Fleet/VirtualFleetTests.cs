using IotStack.Firmware.Host.Cli;
using IotStack.Firmware.Host.Faults;
using IotStack.Firmware.Host.Fleet;
using IotStack.Firmware.Host.Tests.Support;
using IotStack.TestServices;

namespace IotStack.Firmware.Host.Tests.Fleet;

[Collection(BrokerCollection.Name)]
public sealed class VirtualFleetTests
{
    [Fact]
    public async Task Run_FiftyDevicesAgainstMosquitto_EveryBatchArrivesInOrder()
    {
        MqttEndpoint broker = ServiceEndpoints.Mosquitto;
        using var folder = new TempFolder();
        string fleetId = "f" + Guid.NewGuid().ToString("N")[..10];
        await using var verifier = new TelemetryVerifier(fleetId, TimeProvider.System);
        await verifier.StartAsync(broker.Host, broker.Port, null, ServiceEndpoints.MosquittoAccount.AsCredential(), CancellationToken.None);
        Assert.True(FaultPlan.TryParse("spike:temperature@2s,nack:sht31@3s+2s", out FaultPlan plan, out _));
        var options = new FleetOptions
        {
            Devices = 50,
            RateHz = 2,
            BatchSamples = 5,
            BrokerHost = broker.Host,
            BrokerPort = broker.Port,
            Credential = ServiceEndpoints.MosquittoBoardAccount.AsCredential(),
            Fleet = fleetId,
            Faults = plan,
            FaultShare = 0.2,
            DataDirectory = folder.Path,
        };

        FleetSnapshot last;
        using (var fleet = new VirtualFleet(options, TimeProvider.System))
        {
            fleet.Start();
            await Task.Delay(TimeSpan.FromSeconds(8));
            fleet.Stop();
            last = fleet.Snapshot();
            Assert.Equal(10, fleet.FaultyDevices.Count);
        }

        await verifier.SettleAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), CancellationToken.None);
        VerifyReport report = verifier.Report();
        Assert.Equal(50, report.Devices);
        Assert.True(report.Distinct >= 50 * 6, report.ToString()); // about 2 batches a second per device, less the start-up spread
        Assert.Equal(0, report.Missing);
        Assert.Equal(0, report.OutOfOrder);
        Assert.Equal(0, report.DecodeErrors);
        Assert.Equal(last.TelemetryPublished, report.Distinct);
        Assert.True(last.FindingsPublished > 0, "the spike crossed the temperature limit");
        Assert.True(last.SensorErrors > 0, "the SHT31 NACKs were counted");
    }
}
