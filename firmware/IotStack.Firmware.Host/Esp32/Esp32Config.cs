using System.Globalization;
using System.Text;

namespace IotStack.Firmware.Host.Esp32;

/// <summary>
/// The <c>iotstack.cfg</c> a technician would deploy to each ESP32 with nanoff (see the ESP32 README), written into the
/// board's emulated I:\ drive before its first boot. A board without a credential of the run's own gets the run's claim
/// token instead, unless its flash already holds the credential it claimed on an earlier run (kept, so it never claims twice).
/// </summary>
internal static class Esp32Config
{
    public const string FileName = "iotstack.cfg";
    public const string CaFileName = "broker-ca.pem";
    public const int SdaPin = 21;
    public const int SclPin = 22;

    public static void Write(string flashFolder, Fleet.FleetOptions options, string deviceId, long flashBudget)
    {
        var text = new StringBuilder()
            .Append("# written by iotstack-board --board esp32\n")
            .Append("wifi.ssid=iotstack-virtual\n")
            .Append("wifi.password=not-a-secret\n")
            .Append(CultureInfo.InvariantCulture, $"mqtt.host={options.BrokerHost}\n")
            .Append(CultureInfo.InvariantCulture, $"mqtt.port={options.BrokerPort}\n")
            .Append(CultureInfo.InvariantCulture, $"fleet={options.Fleet}\n")
            .Append(CultureInfo.InvariantCulture, $"device={deviceId}\n")
            .Append(CultureInfo.InvariantCulture, $"i2c.bus={options.Esp32I2cBus}\n")
            .Append(CultureInfo.InvariantCulture, $"i2c.sda={SdaPin}\n")
            .Append(CultureInfo.InvariantCulture, $"i2c.scl={SclPin}\n")
            .Append(CultureInfo.InvariantCulture, $"watchdog.ms={(int)options.WatchdogTimeout.TotalMilliseconds}\n")
            .Append(CultureInfo.InvariantCulture, $"flash.bytes={flashBudget}\n");
        if (options.BrokerCaFile is { } caFile)
        {
            // As deployed with nanoff: the CA's PEM file beside the configuration on I:\.
            text.Append("mqtt.tls=true\n").Append(CultureInfo.InvariantCulture, $"mqtt.ca={CaFileName}\n");
            Directory.CreateDirectory(flashFolder);
            File.Copy(caFile, Path.Combine(flashFolder, CaFileName), overwrite: true);
        }

        if ((options.CredentialFor(deviceId) ?? ClaimedBefore(Path.Combine(flashFolder, FileName))) is { } credential)
        {
            text.Append("mqtt.user=").Append(credential.User).Append('\n').Append("mqtt.secret=").Append(credential.Secret).Append('\n');
        }
        else if (options.ClaimToken is { } token)
        {
            text.Append("claim.token=").Append(token.Id).Append('.').Append(token.Secret).Append('\n');
        }

        if (options.OtaPublicKey is { } key)
        {
            text.Append("ota.key=").Append(Convert.ToHexStringLower(key)).Append('\n');
        }

        Directory.CreateDirectory(flashFolder);
        File.WriteAllText(Path.Combine(flashFolder, FileName), text.ToString());
    }

    /// <summary>The credential the board's firmware claimed and wrote into its iotstack.cfg on an earlier run, if any.</summary>
    private static Hal.BrokerCredential? ClaimedBefore(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        string[] lines = File.ReadAllLines(path);
        if (!lines.Any(l => l.StartsWith("# Claimed", StringComparison.Ordinal)))
        {
            return null; // a credential this tool wrote from its options, not one the board claimed
        }

        string? user = lines.FirstOrDefault(l => l.StartsWith("mqtt.user=", StringComparison.Ordinal))?["mqtt.user=".Length..];
        string? secret = lines.FirstOrDefault(l => l.StartsWith("mqtt.secret=", StringComparison.Ordinal))?["mqtt.secret=".Length..];
        return user is { Length: > 0 } && secret is { Length: > 0 } ? new Hal.BrokerCredential(user, secret) : null;
    }
}
