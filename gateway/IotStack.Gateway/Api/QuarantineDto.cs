using IotStack.Gateway.Storage;

namespace IotStack.Gateway.Api;

/// <summary>A quarantined payload. <see cref="Reason"/> is the decode status, or "Refused" for a message that decoded and a store refused (<see cref="Detail"/> says why).</summary>
internal sealed record QuarantineDto(long Id, DateTimeOffset ReceivedAt, string Topic, string Reason, int Length, string PayloadHex, string? Detail)
{
    public static QuarantineDto From(QuarantineEntry e) =>
        new(e.Id, e.ReceivedAt, e.Topic, e.Reason == Protocol.DecodeStatus.Ok ? "Refused" : e.Reason.ToString(), e.Length, Convert.ToHexString(e.Payload), e.Detail);
}
