using IotStack.Detection.Combining;

namespace IotStack.Detection.Tests.Combining;

public sealed class EpisodeGateTests
{
    [Fact]
    public void Suppresses_RepeatInsideSpan_IsSuppressedUntilTheSpanEnds()
    {
        var gate = new EpisodeGate(suppressSamples: 3, escalationMargin: 0, quietSamples: 0, quietScore: 0);
        Assert.False(gate.Suppresses(0.9, newExtreme: false));
        Assert.True(gate.Suppresses(0.9, newExtreme: false));
        Assert.True(gate.Suppresses(0.9, newExtreme: false));
        Assert.True(gate.Suppresses(0.9, newExtreme: false));
        Assert.False(gate.Suppresses(0.9, newExtreme: false));
    }

    [Fact]
    public void Suppresses_ScoreBelowAlertLevel_OpensNoSpan()
    {
        var gate = new EpisodeGate(suppressSamples: 100, escalationMargin: 0, quietSamples: 0, quietScore: 0);
        Assert.False(gate.Suppresses(0.49, newExtreme: false));
        Assert.False(gate.InEpisode);
        Assert.False(gate.Suppresses(0.5, newExtreme: false));
        Assert.True(gate.InEpisode);
    }

    [Fact]
    public void Suppresses_QuietForLong_EndsTheEpisodeEarly()
    {
        var gate = new EpisodeGate(suppressSamples: 1000, escalationMargin: 0, quietSamples: 10, quietScore: 0.3);
        Assert.False(gate.Suppresses(0.8, newExtreme: false));
        for (int i = 0; i < 9; i++)
        {
            Assert.True(gate.Suppresses(0.1, newExtreme: false));
        }

        // The tenth quiet sample ends the episode, so it is judged on its own (and does not alert).
        Assert.False(gate.Suppresses(0.1, newExtreme: false));
        Assert.False(gate.InEpisode);
        Assert.False(gate.Suppresses(0.8, newExtreme: false));
    }

    [Fact]
    public void Suppresses_LoudSampleInsideSpan_RestartsTheQuietCount()
    {
        var gate = new EpisodeGate(suppressSamples: 1000, escalationMargin: 0, quietSamples: 10, quietScore: 0.3);
        gate.Suppresses(0.8, newExtreme: false);
        for (int i = 0; i < 9; i++)
        {
            gate.Suppresses(0.1, newExtreme: false);
        }

        Assert.True(gate.Suppresses(0.4, newExtreme: false));
        Assert.True(gate.Suppresses(0.1, newExtreme: false));
        Assert.True(gate.InEpisode);
    }

    [Fact]
    public void Suppresses_NewExtremeOrEscalation_BreaksThroughTheSpan()
    {
        var gate = new EpisodeGate(suppressSamples: 100, escalationMargin: 0.2, quietSamples: 0, quietScore: 0);
        gate.Suppresses(0.6, newExtreme: false);
        Assert.True(gate.Suppresses(0.75, newExtreme: false));
        Assert.False(gate.Suppresses(0.6, newExtreme: true));
        Assert.False(gate.Suppresses(0.85, newExtreme: false));
    }

    [Fact]
    public void Reset_ClosesTheSpan()
    {
        var gate = new EpisodeGate(suppressSamples: 100, escalationMargin: 0, quietSamples: 0, quietScore: 0);
        gate.Suppresses(0.9, newExtreme: false);
        gate.Reset();
        Assert.False(gate.InEpisode);
        Assert.False(gate.Suppresses(0.9, newExtreme: false));
    }
}
