namespace IotStack.Gateway.Api;

/// <summary>
/// An enrolment token; <see cref="Token"/> (<c>{id}.{secret}</c>, what boards are given) only in the answer that
/// created it, with where boards connect to claim and the CA they pin (PEM; null for plain MQTT).
/// </summary>
internal sealed record ClaimTokenDto(string Id, string Fleet, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, int MaxBoards, int Claimed, bool Revoked,
    IReadOnlyList<string> Devices, string? Token = null, string? BrokerHost = null, int? BrokerPort = null, string? CaPem = null);
