namespace IotStack.Gateway.Api;

/// <summary>Body of <c>POST /api/ota/campaigns</c>: a release, a target (group and/or devices as "fleet/device") and the wave policy.</summary>
internal sealed record CampaignRequest(
    string Board,
    string Version,
    string? Id = null,
    string? Group = null,
    IReadOnlyList<string>? Devices = null,
    string? RollbackVersion = null,
    int CanaryCount = 1,
    int BatchSize = 10,
    double SoakSeconds = 600,
    double AttemptTimeoutSeconds = 300,
    double RetryDelaySeconds = 30);
