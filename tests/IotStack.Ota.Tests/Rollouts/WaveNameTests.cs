using IotStack.Ota.Rollouts;

namespace IotStack.Ota.Tests.Rollouts;

public sealed class WaveNameTests
{
    [Theory]
    [InlineData(-1, "waiting")]
    [InlineData(0, "canary")]
    [InlineData(1, "batch 1")]
    [InlineData(2, "batch 2")]
    public void Of_WaveIndex_OneNameForEverySurface(int wave, string name)
    {
        Assert.Equal(name, WaveName.Of(wave));
        // The API serialises the records, so the name travels with the index.
        Assert.Equal(name, new DeviceStatus("f", "d", wave, DeviceRolloutState.Pending, 0, 0, null).WaveName);
        Assert.Equal(name, new CampaignStatus("c", CampaignState.Running, wave, null, []).WaveName);
    }

    [Fact]
    public void InSentence_Canary_ReadsAsAWave()
    {
        Assert.Equal("the canary wave", WaveName.InSentence(0));
        Assert.Equal("batch 3", WaveName.InSentence(3));
    }
}
