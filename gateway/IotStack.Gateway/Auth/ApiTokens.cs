using System.Security.Cryptography;
using System.Text;

namespace IotStack.Gateway.Auth;

/// <summary>
/// API tokens are 32 random bytes (base64url, prefixed "iot_"). Only their SHA-256 is configured: with 256 bits of
/// entropy a fast hash cannot be brute-forced, and checking a bearer token on every request must stay cheap
/// (a slow password hash there would be a denial-of-service lever).
/// </summary>
internal static class ApiTokens
{
    public const string Prefix = "iot_";

    private const string HashPrefix = "sha256:";

    public static string NewToken() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) =>
        HashPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool IsWellFormedHash(string? configuredHash)
    {
        string hash = (configuredHash ?? "").Trim();
        return hash.Length == HashPrefix.Length + 64
            && hash.StartsWith(HashPrefix, StringComparison.OrdinalIgnoreCase)
            && hash.AsSpan(HashPrefix.Length).IndexOfAnyExcept("0123456789abcdefABCDEF") < 0;
    }

    public static bool Matches(string token, string configuredHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(configuredHash.Trim().ToLowerInvariant()));
}
