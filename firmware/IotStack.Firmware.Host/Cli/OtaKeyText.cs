namespace IotStack.Firmware.Host.Cli;

/// <summary>
/// The release signer's public key for <c>--ota-public-key</c>: the file <c>iotstack ota keygen</c> writes (a header
/// line, then 64 hex digits) or the 64 hex digits alone. Boards carry only this key; docs/ota.md, "Signing".
/// </summary>
internal static class OtaKeyText
{
    private const string Header = "iotstack-ota-ed25519-public";

    public static bool TryLoad(string pathOrHex, out byte[] key, out string error)
    {
        key = [];
        string text = File.Exists(pathOrHex) ? File.ReadAllText(pathOrHex) : pathOrHex;
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string? hex = lines.Length > 0 && lines[0] == Header ? lines.ElementAtOrDefault(1) : lines.FirstOrDefault();
        if (hex is not { Length: 64 } || !hex.All(char.IsAsciiHexDigit))
        {
            error = File.Exists(pathOrHex)
                ? $"{pathOrHex} does not hold an Ed25519 public key (the .pub file of `iotstack ota keygen`)."
                : $"{pathOrHex}: no such file, and not 64 hex digits of a public key.";
            return false;
        }

        key = Convert.FromHexString(hex);
        error = string.Empty;
        return true;
    }

    /// <summary>"1.2.0=reboot@3s,errorlog@0s=2": the version, then a fault plan in the --faults grammar.</summary>
    public static bool TryParseReleaseFault(string text, out string version, out string plan)
    {
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        version = equals > 0 ? text[..equals].Trim() : string.Empty;
        plan = equals > 0 ? text[(equals + 1)..].Trim() : string.Empty;
        return version.Length > 0 && plan.Length > 0 && char.IsAsciiDigit(version[0]);
    }
}
