namespace IotStack.Gateway.Commands;

internal sealed record CommandOutcome(uint CommandId, bool Published);
