using IotStack.Protocol;

namespace IotStack.Gateway.Ingest;

/// <summary>A parsed device topic, cached per topic string so the receive path does not split strings per message.</summary>
internal sealed record TopicInfo(string Topic, TopicKind Kind, string? Fleet, string? DeviceId);
