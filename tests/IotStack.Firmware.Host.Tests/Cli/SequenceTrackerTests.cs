using IotStack.Firmware.Host.Cli;

namespace IotStack.Firmware.Host.Tests.Cli;

public sealed class SequenceTrackerTests
{
    [Fact]
    public void Add_ConsecutiveNumbers_NothingMissing()
    {
        var tracker = new SequenceTracker();
        for (uint s = 40; s < 50; s++)
        {
            tracker.Add(s, replayed: false);
        }

        Assert.Equal((0L, 0L), tracker.Gaps());
        Assert.Equal(0, tracker.OutOfOrder);
        Assert.Equal(10, tracker.Distinct);
    }

    [Fact]
    public void Add_HoleLateArrivalAndRepeat_EachCountedOnce()
    {
        var tracker = new SequenceTracker();
        foreach (uint s in new uint[] { 1, 2, 4, 3, 3, 7 })
        {
            tracker.Add(s, replayed: false);
        }

        Assert.Equal((2L, 0L), tracker.Gaps()); // 5 and 6 never came
        Assert.Equal(1, tracker.OutOfOrder);   // 3 after 4
        Assert.Equal(1, tracker.Duplicates);   // the second 3
    }

    [Fact]
    public void Gaps_JumpToBlockStart_CountedAsRebootSkipNotLoss()
    {
        var tracker = new SequenceTracker();
        foreach (uint s in new uint[] { 10, 11, 256, 257, 300 })
        {
            tracker.Add(s, replayed: true);
        }

        Assert.Equal((42L, 244L), tracker.Gaps());
        Assert.Equal(5, tracker.Replayed);
    }
}
