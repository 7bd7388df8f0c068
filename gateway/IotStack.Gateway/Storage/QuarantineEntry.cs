using IotStack.Protocol;

namespace IotStack.Gateway.Storage;

/// <summary>
/// A payload that failed to decode, or decoded and was refused for good by a store (then <see cref="Reason"/> is
/// <see cref="DecodeStatus.Ok"/> and <see cref="Detail"/> says why), kept for diagnosis. <see cref="Payload"/> is
/// capped; <see cref="Length"/> is the original size.
/// </summary>
internal sealed record QuarantineEntry(DateTimeOffset ReceivedAt, string Topic, DecodeStatus Reason, byte[] Payload, int Length)
{
    public long Id { get; init; }

    /// <summary>Why a decoded message was refused (the store's error), or null for a decode failure.</summary>
    public string? Detail { get; init; }
}
