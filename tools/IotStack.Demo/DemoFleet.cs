using System.Security.Cryptography.X509Certificates;
using IotStack.Firmware.Host.Faults;
using IotStack.Firmware.Host.Fleet;
using IotStack.Firmware.Host.Hal;

namespace IotStack.Demo;

/// <summary>The demo's virtual boards: real firmware core on simulated BME280/SHT31 chips, in this process.</summary>
internal static class DemoFleet
{
    public const string Fleet = "demo";

    /// <summary>
    /// Scheduled faults, seconds from the start: a temperature spike (above-max), a stuck humidity sensor
    /// (sensor health), I2C NACKs on the BME280 (sensor errors), a network outage (device offline, then back).
    /// </summary>
    public const string DefaultFaults = "spike:temperature@20s+6s=25,stuck:humidity@35s+40s,nack:bme280@50s+10s,outage@80s+30s";

    /// <param name="brokerCa">The broker's CA: the boards connect with TLS and pin it (the demo runs as a plant would).</param>
    public static VirtualFleet Start(string host, int port, X509Certificate2? brokerCa, int devices, string faults, string dataDirectory, TimeProvider time, Func<string, BrokerCredential?> credentials, byte[]? otaPublicKey = null)
    {
        if (!FaultPlan.TryParse(faults, out FaultPlan plan, out string error))
        {
            throw new ArgumentException(error, nameof(faults));
        }

        var fleet = new VirtualFleet(
            new FleetOptions
            {
                Devices = devices,
                RateHz = 2,
                BatchSamples = 4,
                BrokerHost = host,
                BrokerPort = port,
                Transport = new TransportOptions { BrokerCa = brokerCa },
                Fleet = Fleet,
                // Each board its own broker identity, issued by the gateway as `iotstack devices add` would.
                DeviceCredentials = credentials,
                Faults = plan,
                FaultShare = 0.34,
                DataDirectory = dataDirectory,
                FirmwareVersion = "1.0.0",
                OtaPublicKey = otaPublicKey,
                // Short probation so the demo shows Confirmed within seconds of the reboot; small chunks one at a time, so
                // the transfer lasts long enough for its progress bar to be seen.
                Ota = new IotStack.Firmware.Ota.OtaOptions { ChunkSize = 1024, RequestWindow = 1, RequestTimeoutMs = 1000, MaxRequestAttempts = 6, HealthDeadlineMs = 3000 },
            },
            time);
        fleet.Start();
        return fleet;
    }
}
