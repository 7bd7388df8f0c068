using IotStack.Protocol;

namespace IotStack.Protocol.Tests.Messages;

/// <summary>
/// The claim exchange (docs/security.md, "Claiming"): frozen version 1 bytes computed independently (Python struct +
/// zlib.crc32), topics, and the wire values of <see cref="ClaimStatus"/> and the claim topic kinds.
/// </summary>
public sealed class ClaimFrameTests
{
    private const string RequestHex = "010B1F000C306131623263336434653566067333637233740A65737033322D30303031BF88F5D3";
    private const string IssuedHex = "010C2D000007706C616E742D610A65737033322D3030303112706C616E742D612E65737033322D30303031056230617264E451D161";
    private const string RefusedHex = "010C16000507706C616E742D610A65737033322D30303031000037B42E77";

    [Fact]
    public void ClaimRequest_WriteTo_MatchesGoldenBytes()
    {
        var request = new ClaimRequest { TokenId = "0a1b2c3d4e5f", Secret = "s3cr3t", Device = "esp32-0001" };
        Assert.Equal(RequestHex, Encode(request.FrameLength, b => request.WriteTo(b, 0)));
    }

    [Fact]
    public void ClaimRequest_ReadFrom_GoldenBytes_DecodesFields()
    {
        byte[] bytes = Convert.FromHexString(RequestHex);
        var request = new ClaimRequest();

        Assert.Equal(DecodeStatus.Ok, request.ReadFrom(bytes, 0, bytes.Length));
        Assert.Equal("0a1b2c3d4e5f", request.TokenId);
        Assert.Equal("s3cr3t", request.Secret);
        Assert.Equal("esp32-0001", request.Device);
    }

    [Fact]
    public void ClaimReply_WriteTo_MatchesGoldenBytes()
    {
        var issued = new ClaimReply { Status = ClaimStatus.Issued, Fleet = "plant-a", Device = "esp32-0001", User = "plant-a.esp32-0001", Secret = "b0ard" };
        var refused = new ClaimReply { Status = ClaimStatus.AlreadyClaimed, Fleet = "plant-a", Device = "esp32-0001", User = "", Secret = "" };

        Assert.Equal(IssuedHex, Encode(issued.FrameLength, b => issued.WriteTo(b, 0)));
        Assert.Equal(RefusedHex, Encode(refused.FrameLength, b => refused.WriteTo(b, 0)));
    }

    [Fact]
    public void ClaimReply_ReadFrom_GoldenBytes_DecodesFields()
    {
        byte[] bytes = Convert.FromHexString(IssuedHex);
        var reply = new ClaimReply();

        Assert.Equal(DecodeStatus.Ok, reply.ReadFrom(bytes, 0, bytes.Length));
        Assert.Equal(ClaimStatus.Issued, reply.Status);
        Assert.Equal("plant-a.esp32-0001", reply.User);
        Assert.Equal("b0ard", reply.Secret);
    }

    [Fact]
    public void ClaimReply_ReadFrom_UnknownStatus_ReportsInvalidField()
    {
        byte[] bytes = Convert.FromHexString(RefusedHex);
        bytes[4] = 0x7F;
        Frame.Seal(bytes, 0, MessageType.ClaimReply, bytes.Length - Frame.Overhead);

        Assert.Equal(DecodeStatus.InvalidField, new ClaimReply().ReadFrom(bytes, 0, bytes.Length));
    }

    [Fact]
    public void ClaimRequest_ReadFrom_ReplyFrame_ReportsWrongType()
    {
        byte[] bytes = Convert.FromHexString(IssuedHex);
        Assert.Equal(DecodeStatus.WrongType, new ClaimRequest().ReadFrom(bytes, 0, bytes.Length));
    }

    [Fact]
    public void ClaimTopics_ParseAsClaimKindsWithSessionInDevicePosition()
    {
        string request = DeviceTopics.ClaimRequestTopic("plant-a", "claim-0123456789abcdef");
        string reply = DeviceTopics.ClaimReplyTopic("plant-a", "claim-0123456789abcdef");

        Assert.Equal("iot/plant-a/claim-0123456789abcdef/claim", request);
        Assert.Equal("iot/plant-a/claim-0123456789abcdef/claim/reply", reply);
        Assert.Equal(TopicKind.ClaimRequest, DeviceTopics.Parse(request, out string fleet, out string session));
        Assert.Equal(("plant-a", "claim-0123456789abcdef"), (fleet, session));
        Assert.Equal(TopicKind.ClaimReply, DeviceTopics.Parse(reply, out _, out _));
    }

    [Fact]
    public void ClaimWireEnums_Values_AreFrozen()
    {
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], Enum.GetValues<ClaimStatus>().Select(v => (int)v));
        Assert.Equal(11, (int)TopicKind.ClaimRequest);
        Assert.Equal(12, (int)TopicKind.ClaimReply);
        Assert.Equal(11, (int)MessageType.ClaimRequest);
        Assert.Equal(12, (int)MessageType.ClaimReply);
    }

    private static string Encode(int length, Func<byte[], int> write)
    {
        var buffer = new byte[length];
        Assert.Equal(length, write(buffer));
        return Convert.ToHexString(buffer);
    }
}
