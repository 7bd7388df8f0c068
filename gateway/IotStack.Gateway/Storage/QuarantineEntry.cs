using IotStack.Protocol;

namespace IotStack.Gateway.Storage;

/// <summary>A payload that failed to decode, kept for diagnosis. <see cref="Payload"/> is capped; <see cref="Length"/> is the original size.</summary>
internal sealed record QuarantineEntry(DateTimeOffset ReceivedAt, string Topic, DecodeStatus Reason, byte[] Payload, int Length)
{
    public long Id { get; init; }
}
