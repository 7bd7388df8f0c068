using NSec.Cryptography;

namespace IotStack.Ota.Signing;

/// <summary>
/// Release signing keys on the operator's machine. The private key file holds the 32-byte Ed25519 seed
/// as hex, mode 600; it never goes to the gateway, the store or a device. The public key file holds
/// the 32-byte raw public key as hex; it is what boards carry (compiled in or provisioned to flash).
/// </summary>
internal static class KeyFiles
{
    public const string PrivateHeader = "iotstack-ota-ed25519-private";
    public const string PublicHeader = "iotstack-ota-ed25519-public";

    /// <summary>Creates a new key pair; refuses to overwrite an existing private key.</summary>
    public static byte[] Generate(string privateKeyPath, string publicKeyPath)
    {
        if (File.Exists(privateKeyPath))
        {
            throw new SigningException($"{privateKeyPath} exists; refusing to overwrite a signing key.");
        }

        var algorithm = SignatureAlgorithm.Ed25519;
        using var key = Key.Create(algorithm, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        var seed = key.Export(KeyBlobFormat.RawPrivateKey);
        var publicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(privateKeyPath))!);

        // Create with 600 from the start: writing first and chmod-ing after would leave a readable window.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(privateKeyPath, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write($"{PrivateHeader}\n{Convert.ToHexStringLower(seed)}\n");
        }

        CryptographicClear(seed);
        File.WriteAllText(publicKeyPath, $"{PublicHeader}\n{Convert.ToHexStringLower(publicKey)}\n");
        return publicKey;
    }

    public static Key LoadPrivate(string path)
    {
        var seed = ReadHex(path, PrivateHeader);
        try
        {
            return Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey);
        }
        catch (FormatException e)
        {
            throw new SigningException($"{path} does not hold an Ed25519 private key.", e);
        }
        finally
        {
            CryptographicClear(seed);
        }
    }

    public static byte[] LoadPublic(string path) => ReadHex(path, PublicHeader);

    /// <summary>Parses the hex form of a public key (as written in the key file or in configuration).</summary>
    public static byte[] ParsePublic(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var hex = lines.Length > 0 && lines[0] == PublicHeader ? lines.ElementAtOrDefault(1) : lines.FirstOrDefault();
        if (hex is not { Length: 64 })
        {
            throw new SigningException("An Ed25519 public key is 64 hex digits.");
        }

        return Convert.FromHexString(hex);
    }

    private static byte[] ReadHex(string path, string header)
    {
        if (!File.Exists(path))
        {
            throw new SigningException($"Key file {path} not found.");
        }

        var lines = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (lines.Length != 2 || lines[0] != header || lines[1].Length != 64)
        {
            throw new SigningException($"{path} is not an {header} key file.");
        }

        try
        {
            return Convert.FromHexString(lines[1]);
        }
        catch (FormatException e)
        {
            throw new SigningException($"{path} is not an {header} key file.", e);
        }
    }

    private static void CryptographicClear(byte[] secret) => System.Security.Cryptography.CryptographicOperations.ZeroMemory(secret);
}
