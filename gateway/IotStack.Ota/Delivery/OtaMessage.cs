using IotStack.Protocol;

namespace IotStack.Ota.Delivery;

/// <summary>A board's chunk request or progress report as the host's MQTT ingress received it; <see cref="Payload"/> is a copy OTA owns.</summary>
internal readonly record struct OtaMessage(TopicKind Kind, string Fleet, string Device, byte[] Payload);
