using System.Text;
using IotStack.Firmware.Host.Hal;

namespace IotStack.Firmware.Host.Claim;

/// <summary>
/// A board's claimed credential on its own flash (<c>{data dir}/{device}/mqtt-credential</c>, mode 0600, written through
/// a rename), so a restart reconnects with it instead of claiming again: a token is single use per board.
/// Lines <c>mqtt.user=…</c> and <c>mqtt.secret=…</c>, the keys the ESP32's iotstack.cfg uses for the same thing.
/// </summary>
internal static class ClaimedCredentialFile
{
    public const string FileName = "mqtt-credential";

    public static string PathFor(string dataDirectory, string device) => Path.Combine(dataDirectory, device, FileName);

    public static BrokerCredential? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        string? user = null;
        string? secret = null;
        foreach (string line in File.ReadAllLines(path))
        {
            if (line.StartsWith("mqtt.user=", StringComparison.Ordinal))
            {
                user = line["mqtt.user=".Length..];
            }
            else if (line.StartsWith("mqtt.secret=", StringComparison.Ordinal))
            {
                secret = line["mqtt.secret=".Length..];
            }
        }

        return user is { Length: > 0 } && secret is { Length: > 0 } ? new BrokerCredential(user, secret) : null;
    }

    public static void Save(string path, BrokerCredential credential)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temporary = path + ".claim";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temporary, new UTF8Encoding(false), options))
        {
            writer.Write("# Claimed from the gateway with an enrolment token; holds the board's secret.\nmqtt.user=" + credential.User + "\nmqtt.secret=" + credential.Secret + "\n");
        }

        File.Move(temporary, path, overwrite: true);
    }
}
