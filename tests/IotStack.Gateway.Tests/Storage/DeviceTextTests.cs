using IotStack.Gateway.Storage;

namespace IotStack.Gateway.Tests.Storage;

public sealed class DeviceTextTests
{
    [Fact]
    public void Normalize_CleanText_SameInstance()
    {
        string clean = "temperature sensor 🌡 ok\tline\nnext";

        Assert.Same(clean, DeviceText.Normalize(clean, DeviceText.MaxLong));
    }

    [Fact]
    public void Normalize_CutInsideSurrogatePair_PairDroppedWhole()
    {
        string text = new string('a', 8) + "🌡🌡";   // the cap falls inside the first pair

        string cut = DeviceText.Normalize(text, 10);

        Assert.Equal(new string('a', 8) + "…", cut);
    }

    [Fact]
    public void Normalize_AlreadyNormalised_Unchanged()
    {
        string once = DeviceText.Normalize("a\0b\r\nc" + new string('z', 300), DeviceText.MaxShort);

        Assert.Equal(once, DeviceText.Normalize(once, DeviceText.MaxShort));
        Assert.Equal(DeviceText.MaxShort, once.Length);
    }

    [Fact]
    public void Normalize_Null_Null() => Assert.Null(DeviceText.Normalize(null, DeviceText.MaxShort));
}
