namespace IotStack.Maintenance.Hosts;

/// <summary>Compares a presented host key with the pinned one. There is deliberately no "accept new" mode (RFC 4251 §4.1: an unverified key invites man-in-the-middle).</summary>
internal static class HostKeyPin
{
    public const string Prefix = "SHA256:";

    /// <param name="fingerPrintSha256">SSH.NET's <c>HostKeyEventArgs.FingerPrintSHA256</c>: unpadded base64 without the prefix.</param>
    public static bool Matches(string pinned, string fingerPrintSha256) =>
        pinned.Length > Prefix.Length
        && string.Equals(pinned.TrimEnd('='), Prefix + fingerPrintSha256.TrimEnd('='), StringComparison.Ordinal);

    public static bool IsWellFormed(string fingerprint) =>
        fingerprint.StartsWith(Prefix, StringComparison.Ordinal)
        && fingerprint.Length is > 40 and < 60
        && fingerprint.AsSpan(Prefix.Length).IndexOfAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") < 0;
}
