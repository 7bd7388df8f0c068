using IotStack.Ota.Delivery;
using IotStack.Protocol;

namespace IotStack.Ota.Tests.Delivery;

public sealed class OtaInboxTests
{
    [Fact]
    public void Post_InboxFull_DropsAndCounts()
    {
        var inbox = new OtaInbox(capacity: 2);

        Assert.True(inbox.Post(new OtaMessage(TopicKind.OtaRequest, "f", "d1", [1])));
        Assert.True(inbox.Post(new OtaMessage(TopicKind.OtaProgress, "f", "d1", [2])));
        Assert.False(inbox.Post(new OtaMessage(TopicKind.OtaRequest, "f", "d2", [3])));

        Assert.Equal(1, inbox.Dropped);
        Assert.True(inbox.Reader.TryRead(out OtaMessage first));
        Assert.Equal(("d1", (byte)1), (first.Device, first.Payload[0]));
    }

    [Fact]
    public void Post_KindOtaDoesNotOwn_Refused()
    {
        var inbox = new OtaInbox();

        Assert.False(inbox.Post(new OtaMessage(TopicKind.Telemetry, "f", "d", [1])));
        Assert.Equal(0, inbox.Reader.Count);
    }
}
