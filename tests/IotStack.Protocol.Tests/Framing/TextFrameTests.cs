using System.Text;
using IotStack.Protocol;

namespace IotStack.Protocol.Tests.Framing;

/// <summary>The text form of a frame (base64, RFC 4648 §4), in which an ESP32 sends its binary Offline will.</summary>
public sealed class TextFrameTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(100)]
    [InlineData(101)]
    public void ToText_AnyLength_IsStandardBase64AndDecodesBack(int length)
    {
        byte[] bytes = new byte[length];
        new Random(length).NextBytes(bytes);

        string text = TextFrame.ToText(bytes, 0, length);
        Assert.Equal(Convert.ToBase64String(bytes), text);
        if (length == 0)
        {
            return;
        }

        byte[] ascii = Encoding.ASCII.GetBytes(text);
        byte[] back = new byte[Frame.MaxFrameSize];
        Assert.Equal(DecodeStatus.Ok, TextFrame.Decode(ascii, 0, ascii.Length, back, out int n));
        Assert.Equal(bytes, back.AsSpan(0, n).ToArray());
    }

    [Fact]
    public void Decode_OfflineStatusWill_ReadsAsTheBinaryFrame()
    {
        var offline = new StatusReport { TimeMs = 1_767_225_600_000, State = DeviceState.Offline, FirmwareVersion = "1.0.0", Board = "esp32", ActiveSlot = 1 };
        byte[] frame = new byte[offline.FrameLength];
        offline.WriteTo(frame, 0);
        byte[] will = Encoding.UTF8.GetBytes(TextFrame.ToText(frame, 0, frame.Length)); // what M2Mqtt puts on the wire

        Assert.False(TextFrame.IsText(frame, 0, frame.Length));
        Assert.True(TextFrame.IsText(will, 0, will.Length));
        byte[] decoded = new byte[Frame.MaxFrameSize];
        Assert.Equal(DecodeStatus.Ok, TextFrame.Decode(will, 0, will.Length, decoded, out int length));
        var status = new StatusReport();
        Assert.Equal(DecodeStatus.Ok, status.ReadFrom(decoded, 0, length));
        Assert.Equal(DeviceState.Offline, status.State);
        Assert.Equal("1.0.0", status.FirmwareVersion);
    }

    [Theory]
    [InlineData("abc")]          // not a multiple of 4
    [InlineData("ab=c")]         // padding inside
    [InlineData("ab c")]         // outside the alphabet
    [InlineData("offline!")]
    public void Decode_NotBase64_InvalidFieldAndNoThrow(string text)
    {
        byte[] ascii = Encoding.ASCII.GetBytes(text);
        Assert.Equal(DecodeStatus.InvalidField, TextFrame.Decode(ascii, 0, ascii.Length, new byte[64], out _));
    }

    [Fact]
    public void Decode_LongerThanTheBuffer_Oversize()
    {
        byte[] ascii = Encoding.ASCII.GetBytes(Convert.ToBase64String(new byte[100]));
        Assert.Equal(DecodeStatus.Oversize, TextFrame.Decode(ascii, 0, ascii.Length, new byte[99], out _));
    }
}
