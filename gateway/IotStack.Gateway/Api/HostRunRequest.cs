namespace IotStack.Gateway.Api;

/// <summary>Body of <c>POST /api/hosts/{host}/run</c>: an allowlisted template and its named arguments.</summary>
internal sealed record HostRunRequest(string Template, IReadOnlyDictionary<string, string>? Arguments = null, string? By = null);
