using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IotStack.Gateway.Broker.Access;

/// <summary>
/// Broker secrets at rest: PBKDF2-HMAC-SHA512 in Mosquitto's password-file encoding
/// (<c>$7$iterations$salt$hash</c>, 12-byte salt, 64-byte hash, base64), so the gateway's device file and the
/// <c>password_file</c> it writes for Mosquitto hold the same hashes and Mosquitto verifies them itself. Secrets are
/// 256 random bits made here, never chosen by people, so guessing one from its hash is hopeless at any work factor;
/// the iteration count only has to keep a stolen file from being a shortcut, and stays small because every board
/// connect verifies one (2,000 boards reconnecting at once).
/// </summary>
internal static class SecretHash
{
    public const int Iterations = 1000;
    private const int SaltBytes = 12;
    private const int HashBytes = 64;

    /// <summary>A new secret: 32 random bytes, base64url without padding (43 characters, safe in config files and URLs).</summary>
    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret)
    {
        byte[] salt = RandomNumberGenerator.GetBytes(SaltBytes);
        byte[] hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, Iterations, HashAlgorithmName.SHA512, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"$7${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>True when <paramref name="secret"/> matches <paramref name="encoded"/>; false for anything malformed.</summary>
    public static bool Verify(string? secret, string encoded)
    {
        if (secret is null)
        {
            return false;
        }

        string[] parts = encoded.Split('$');
        // "", "7", iterations, salt, hash
        if (parts.Length != 5 || parts[1] != "7" || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int iterations)
            || iterations is < 1 or > 1_000_000)
        {
            return false;
        }

        try
        {
            byte[] salt = Convert.FromBase64String(parts[3]);
            byte[] expected = Convert.FromBase64String(parts[4]);
            byte[] actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA512, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
