using IotStack.Gateway.Storage;

namespace IotStack.Gateway.Api;

internal sealed record QuarantineDto(long Id, DateTimeOffset ReceivedAt, string Topic, string Reason, int Length, string PayloadHex)
{
    public static QuarantineDto From(QuarantineEntry e) => new(e.Id, e.ReceivedAt, e.Topic, e.Reason.ToString(), e.Length, Convert.ToHexString(e.Payload));
}
