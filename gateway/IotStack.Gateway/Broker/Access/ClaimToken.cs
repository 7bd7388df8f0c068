namespace IotStack.Gateway.Broker.Access;

/// <summary>
/// A fleet's enrolment token (docs/security.md, "Claiming"): boards holding it may each claim their own credential
/// once, until it expires, is revoked or has enrolled <see cref="MaxBoards"/> boards. Only the secret's hash is kept.
/// Its broker user name is <see cref="UserNameOf"/>: '@' cannot occur in a board's <c>{fleet}.{device}</c> (ids are
/// [A-Za-z0-9_.-]) and, unlike ':', Mosquitto's password file takes it.
/// </summary>
internal sealed record ClaimToken(string Id, string Fleet, string SecretHash, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, int MaxBoards, bool Revoked, IReadOnlyList<string> Claimed)
{
    public const string UserPrefix = "claim@";

    /// <summary>MQTT client ids of claim sessions start with this and hold no '.', so they never equal a board's <c>{fleet}.{device}</c>.</summary>
    public const string SessionPrefix = "claim-";

    public string UserName => UserNameOf(Id);

    public static string UserNameOf(string id) => UserPrefix + id;

    /// <summary>The token id in a claim user name, or null for any other user.</summary>
    public static string? IdOf(string? userName) =>
        userName is not null && userName.StartsWith(UserPrefix, StringComparison.Ordinal) && userName.Length > UserPrefix.Length ? userName[UserPrefix.Length..] : null;

    public static bool IsSessionId(string? clientId) =>
        clientId is not null && clientId.StartsWith(SessionPrefix, StringComparison.Ordinal) && !clientId.Contains('.', StringComparison.Ordinal)
        && IotStack.Protocol.DeviceTopics.IsValidId(clientId);

    /// <summary>May connect and claim at <paramref name="now"/>: not revoked, not expired, boards left.</summary>
    public bool IsLive(DateTimeOffset now) => !Revoked && now < ExpiresAt && Claimed.Count < MaxBoards;
}
