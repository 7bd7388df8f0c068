namespace IotStack.Gateway.Api;

internal sealed record OperatorRequest(string? By);
