namespace IotStack.Gateway.Api;

/// <summary>A new enrolment token for <see cref="Fleet"/>, living <see cref="TtlSeconds"/> and enrolling at most <see cref="MaxBoards"/> boards.</summary>
internal sealed record ClaimTokenRequest(string Fleet, int TtlSeconds = 3600, int MaxBoards = 100);
