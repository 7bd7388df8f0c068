using System.Buffers.Binary;
using IotStack.Detection.Checkpoints;
using IotStack.Detection.Options;
using IotStack.Detection.Tests.Checkpoints;

namespace IotStack.Detection.Tests;

/// <summary>
/// The decisive property of checkpoints: a set restored from one continues exactly as the set that wrote it would
/// have, sample for sample (scores, findings, explanations), and its learnt state equals the writer's field for
/// field. A field that some Save forgets, now or later, fails here.
/// </summary>
public sealed class DetectorSetCheckpointTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string kind in CheckpointSeries.Kinds)
        {
            foreach (string spec in CheckpointSeries.SpecNames)
            {
                data.Add(kind, spec);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Load_CheckpointMidSeries_ContinuesIdenticallySampleForSample(string kind, string specName)
    {
        ChannelDetectionSpec spec = CheckpointSeries.Spec(specName);
        (long[] times, double[] values) = CheckpointSeries.Load(kind);
        var original = new DetectorSet(spec);
        var buffer = new byte[original.CheckpointSize];
        var restored = new List<(int At, DetectorSet Set)>();
        var points = new HashSet<int> { values.Length / 4, values.Length / 2, (3 * values.Length) / 4 };
        int lastAnomaly = -2;
        int afterAnomaly = 0;
        for (int i = 0; i < values.Length; i++)
        {
            // Checkpoints at fixed points, and right after the first three anomalies (inside an episode's suppression span).
            bool inEpisode = i == lastAnomaly + 1 && afterAnomaly < 3;
            if (points.Contains(i) || inEpisode)
            {
                afterAnomaly += inEpisode ? 1 : 0;
                Assert.Equal(original.CheckpointSize, original.Save(buffer));
                var copy = new DetectorSet(spec);
                CheckpointLoad load = copy.Load(buffer);
                Assert.True(load.IsRestored, load.Reason);
                LearntState.AssertEqual(original, copy);
                restored.Add((i, copy));

                // Into a set that has learnt another series (counters, spans and settle phases under way there): a
                // field that Load leaves alone keeps that series' value, which is not the original's even where a
                // fresh set's zero would have been.
                DetectorSet decoy = Decoy(spec);
                Assert.True(decoy.Load(buffer).IsRestored);
                LearntState.AssertEqual(original, decoy);
            }

            DetectionResult expected = original.Observe(times[i], values[i]);
            lastAnomaly = expected.IsAnomaly || expected.IsAlert ? i : lastAnomaly;
            foreach ((int at, DetectorSet set) in restored)
            {
                AssertSame(expected, set.Observe(times[i], values[i]), $"{kind}/{specName}, checkpoint at {at}, sample {i}");
            }
        }

        Assert.True(restored.Count >= 3);
        foreach ((_, DetectorSet set) in restored)
        {
            LearntState.AssertEqual(original, set);
        }
    }

    [Fact]
    public void Save_AfterLoad_WritesTheSameBytes()
    {
        (long[] times, double[] values) = CheckpointSeries.Load("seasonal");
        DetectorSet set = Run(CheckpointSeries.Everything, times, values, 3000);
        byte[] first = Checkpoint(set);
        var copy = new DetectorSet(CheckpointSeries.Everything);
        Assert.True(copy.Load(first).IsRestored);

        Assert.Equal(first, Checkpoint(copy));
    }

    [Fact]
    public void Save_FreshAndUsedSet_SameFixedSize()
    {
        (long[] times, double[] values) = CheckpointSeries.Load("noise");
        var fresh = new DetectorSet(ChannelDetectionSpec.Default);
        DetectorSet used = Run(ChannelDetectionSpec.Default, times, values, values.Length);

        Assert.Equal(fresh.CheckpointSize, Checkpoint(fresh).Length);
        Assert.Equal(fresh.CheckpointSize, Checkpoint(used).Length);
    }

    [Fact]
    public void Save_SteadyState_AllocatesNothing()
    {
        (long[] times, double[] values) = CheckpointSeries.Load("noise");
        DetectorSet set = Run(CheckpointSeries.Everything, times, values, 2000);
        var buffer = new byte[set.CheckpointSize];
        set.Save(buffer);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            set.Save(buffer);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Save_BufferTooSmall_Throws()
    {
        var set = new DetectorSet(ChannelDetectionSpec.Default);
        Assert.Throws<ArgumentException>(() => set.Save(new byte[set.CheckpointSize - 1]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(CheckpointFormat.FrameBytes - 1)]
    public void Load_Truncated_RefusedAsTooShort(int keep)
    {
        byte[] checkpoint = UsedCheckpoint(ChannelDetectionSpec.Default);
        AssertRefused(ChannelDetectionSpec.Default, checkpoint[..keep], CheckpointRefusal.TooShort);
    }

    [Fact]
    public void Load_LastBytesCut_RefusedAsTruncated()
    {
        byte[] checkpoint = UsedCheckpoint(ChannelDetectionSpec.Default);
        CheckpointLoad load = AssertRefused(ChannelDetectionSpec.Default, checkpoint[..^100], CheckpointRefusal.TooShort);
        Assert.Contains("truncated", load.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OneByteFlipped_RefusedAsCorrupt()
    {
        byte[] checkpoint = UsedCheckpoint(ChannelDetectionSpec.Default);
        checkpoint[checkpoint.Length / 2] ^= 0x10;
        CheckpointLoad load = AssertRefused(ChannelDetectionSpec.Default, checkpoint, CheckpointRefusal.Corrupt);
        Assert.Contains("CRC", load.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotACheckpoint_Refused()
    {
        var random = new Random(3);
        var bytes = new byte[new DetectorSet(ChannelDetectionSpec.Default).CheckpointSize];
        random.NextBytes(bytes);
        AssertRefused(ChannelDetectionSpec.Default, bytes, CheckpointRefusal.NotACheckpoint);
    }

    [Fact]
    public void Load_OtherFormatVersion_RefusedNamingBoth()
    {
        byte[] checkpoint = UsedCheckpoint(ChannelDetectionSpec.Default);
        BinaryPrimitives.WriteUInt16LittleEndian(checkpoint.AsSpan(CheckpointFormat.VersionAt), CheckpointFormat.Version + 1);
        Reseal(checkpoint);
        CheckpointLoad load = AssertRefused(ChannelDetectionSpec.Default, checkpoint, CheckpointRefusal.OtherVersion);
        Assert.Contains($"version {CheckpointFormat.Version + 1}", load.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WrittenUnderOtherSettings_RefusedAsOtherConfiguration()
    {
        byte[] checkpoint = UsedCheckpoint(ChannelDetectionSpec.Default);
        ChannelDetectionSpec other = ChannelDetectionSpec.Default with { RobustZ = new RobustZOptions { Window = 48, K = 4 } };
        CheckpointLoad load = AssertRefused(other, checkpoint, CheckpointRefusal.OtherConfiguration);
        Assert.Contains("other detector settings", load.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_IndexOutOfRange_RefusedAndSetStartsFresh()
    {
        // The seed rule's state: newest time, its window's ring and ordered copy (32 doubles each), then the ring position.
        byte[] checkpoint = UsedCheckpoint(ChannelDetectionSpec.SeedRule);
        BinaryPrimitives.WriteInt32LittleEndian(checkpoint.AsSpan(CheckpointFormat.HeaderBytes + 8 + (2 * 32 * 8)), 9999);
        Reseal(checkpoint);
        CheckpointLoad load = AssertRefused(ChannelDetectionSpec.SeedRule, checkpoint, CheckpointRefusal.InvalidState);
        Assert.Contains("window position is 9999", load.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RandomDamageWithValidCrc_NeverThrows()
    {
        // Bytes that pass the frame checks but hold anything: each load either restores or refuses, none throws.
        byte[] original = UsedCheckpoint(CheckpointSeries.Everything);
        var random = new Random(5);
        for (int round = 0; round < 2000; round++)
        {
            byte[] damaged = (byte[])original.Clone();
            int from = CheckpointFormat.HeaderBytes + random.Next(damaged.Length - CheckpointFormat.FrameBytes - 8);
            random.NextBytes(damaged.AsSpan(from, 1 + random.Next(8)));
            Reseal(damaged);
            var set = new DetectorSet(CheckpointSeries.Everything);
            CheckpointLoad load = set.Load(damaged);
            Assert.True(load.IsRestored || load.Refusal == CheckpointRefusal.InvalidState, load.Reason);
        }
    }

    /// <summary>A set 30 samples past a level shift in noise at another scale: episodes, warnings and shift settling under way.</summary>
    private static DetectorSet Decoy(ChannelDetectionSpec spec)
    {
        (long[] times, double[] values) = CheckpointSeries.Load("noise");
        var set = new DetectorSet(spec);
        for (int i = 0; i < 4030; i++)
        {
            set.Observe(times[i] + 7, (values[i] * 3) + 100);
        }

        return set;
    }

    private static CheckpointLoad AssertRefused(ChannelDetectionSpec spec, byte[] checkpoint, CheckpointRefusal expected)
    {
        var set = new DetectorSet(spec);
        CheckpointLoad load = set.Load(checkpoint);
        Assert.Equal(expected, load.Refusal);
        Assert.False(load.IsRestored);

        // Refused: the set warms up like a new one. A frame refusal leaves it untouched; a state refused half-way is reset.
        var fresh = new DetectorSet(spec);
        if (expected != CheckpointRefusal.InvalidState)
        {
            LearntState.AssertEqual(fresh, set);
        }

        (long[] times, double[] values) = CheckpointSeries.Load("noise");
        for (int i = 0; i < values.Length; i++)
        {
            AssertSame(fresh.Observe(times[i], values[i]), set.Observe(times[i], values[i]), $"refused ({expected}), sample {i}");
        }

        return load;
    }

    private static void Reseal(byte[] checkpoint) =>
        BinaryPrimitives.WriteUInt32LittleEndian(checkpoint.AsSpan(checkpoint.Length - CheckpointFormat.TrailerBytes), CheckpointFormat.Crc32C(checkpoint.AsSpan(0, checkpoint.Length - CheckpointFormat.TrailerBytes)));

    private static byte[] UsedCheckpoint(ChannelDetectionSpec spec)
    {
        (long[] times, double[] values) = CheckpointSeries.Load("noise");
        return Checkpoint(Run(spec, times, values, 3000));
    }

    private static DetectorSet Run(ChannelDetectionSpec spec, long[] times, double[] values, int count)
    {
        var set = new DetectorSet(spec);
        for (int i = 0; i < count; i++)
        {
            set.Observe(times[i], values[i]);
        }

        return set;
    }

    private static byte[] Checkpoint(DetectorSet set)
    {
        var bytes = new byte[set.CheckpointSize];
        Assert.Equal(bytes.Length, set.Save(bytes));
        return bytes;
    }

    private static void AssertSame(DetectionResult expected, DetectionResult actual, string where)
    {
        Assert.True(Bits(expected.Score) == Bits(actual.Score), $"{where}: score {expected.Score:R} against {actual.Score:R}");
        Assert.True(expected.IsAlert == actual.IsAlert, $"{where}: alert {expected.IsAlert} against {actual.IsAlert}");
        Finding e = expected.Strongest;
        Finding a = actual.Strongest;
        Assert.True(e.Rule == a.Rule && e.TimestampMs == a.TimestampMs, $"{where}: finding {e.Rule}@{e.TimestampMs} against {a.Rule}@{a.TimestampMs}");
        Assert.True(
            Bits(e.Value) == Bits(a.Value) && Bits(e.ExpectedLow) == Bits(a.ExpectedLow) && Bits(e.ExpectedHigh) == Bits(a.ExpectedHigh) && Bits(e.Score) == Bits(a.Score),
            $"{where}: {e.Explain()} against {a.Explain()}");
        Assert.Equal(e.Explain(), a.Explain());
    }

    private static long Bits(double value) => BitConverter.DoubleToInt64Bits(value);
}
