using System.Buffers.Binary;
using System.Diagnostics;
using IotStack.Detection.Checkpoints;
using IotStack.Detection.Detectors;

namespace IotStack.Detection;

/// <summary>
/// Checkpoints: the set's whole learnt state in a fixed-size frame (<see cref="CheckpointFormat"/>), so a series
/// resumes where it was after a restart or on another gateway instead of warming up again. Each collaborator saves
/// its own fields; the set only fixes the order.
/// </summary>
internal sealed partial class DetectorSet
{
    /// <summary>Bytes of this set's checkpoint: fixed by its spec, whatever the series has seen.</summary>
    public int CheckpointSize => CheckpointFormat.FrameBytes + _stateBytes;

    /// <summary>The spec's <see cref="ChannelDetectionSpec.Fingerprint"/>, as written into each checkpoint.</summary>
    public ulong Fingerprint => _fingerprint;

    /// <summary>Writes the checkpoint into <paramref name="destination"/> (at least <see cref="CheckpointSize"/> bytes); returns its length. Allocates nothing.</summary>
    public int Save(Span<byte> destination)
    {
        int size = CheckpointSize;
        if (destination.Length < size)
        {
            throw new ArgumentException($"A checkpoint of this set needs {size} bytes; the buffer has {destination.Length}.", nameof(destination));
        }

        Span<byte> frame = destination[..size];
        BinaryPrimitives.WriteUInt32LittleEndian(frame[CheckpointFormat.MagicAt..], CheckpointFormat.Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[CheckpointFormat.VersionAt..], CheckpointFormat.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[(CheckpointFormat.VersionAt + 2)..], 0);
        BinaryPrimitives.WriteUInt64LittleEndian(frame[CheckpointFormat.FingerprintAt..], _fingerprint);
        BinaryPrimitives.WriteInt32LittleEndian(frame[CheckpointFormat.LengthAt..], _stateBytes);
        var writer = new CheckpointWriter(frame.Slice(CheckpointFormat.HeaderBytes, _stateBytes));
        SaveState(ref writer);
        Debug.Assert(writer.Position == _stateBytes, "the counted size is the written size");
        BinaryPrimitives.WriteUInt32LittleEndian(frame[^CheckpointFormat.TrailerBytes..], CheckpointFormat.Crc32C(frame[..^CheckpointFormat.TrailerBytes]));
        return size;
    }

    /// <summary>
    /// Takes a checkpoint written by a set with the same spec. Anything else (truncated, damaged, another format
    /// version, other settings) is refused with a reason and leaves the set as it was; a state that fails its
    /// checks half-way resets the set (it warms up). Never throws for bad bytes.
    /// </summary>
    public CheckpointLoad Load(ReadOnlySpan<byte> checkpoint)
    {
        CheckpointLoad frame = CheckFrame(checkpoint);
        if (!frame.IsRestored)
        {
            return frame;
        }

        var reader = new CheckpointReader(checkpoint.Slice(CheckpointFormat.HeaderBytes, _stateBytes));
        try
        {
            LoadState(ref reader);
            if (reader.Remaining != 0)
            {
                throw new CheckpointException($"{reader.Remaining} bytes of state left over");
            }
        }
        catch (CheckpointException e)
        {
            Reset();
            return CheckpointLoad.Refused(CheckpointRefusal.InvalidState, "the state does not fit this detector set: " + e.Message);
        }

        return CheckpointLoad.Restored;
    }

    private CheckpointLoad CheckFrame(ReadOnlySpan<byte> checkpoint)
    {
        if (checkpoint.Length < CheckpointFormat.FrameBytes)
        {
            return CheckpointLoad.Refused(CheckpointRefusal.TooShort, $"{checkpoint.Length} bytes, shorter than a checkpoint's frame ({CheckpointFormat.FrameBytes})");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(checkpoint[CheckpointFormat.MagicAt..]) != CheckpointFormat.Magic)
        {
            return CheckpointLoad.Refused(CheckpointRefusal.NotACheckpoint, "not a detector checkpoint (no IDCK magic)");
        }

        int stated = BinaryPrimitives.ReadInt32LittleEndian(checkpoint[CheckpointFormat.LengthAt..]);
        if (stated < 0 || stated != checkpoint.Length - CheckpointFormat.FrameBytes)
        {
            return CheckpointLoad.Refused(CheckpointRefusal.TooShort, $"truncated or padded: {checkpoint.Length} bytes, its header says {(long)stated + CheckpointFormat.FrameBytes}");
        }

        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(checkpoint[^CheckpointFormat.TrailerBytes..]);
        if (crc != CheckpointFormat.Crc32C(checkpoint[..^CheckpointFormat.TrailerBytes]))
        {
            return CheckpointLoad.Refused(CheckpointRefusal.Corrupt, "damaged: the CRC does not match its bytes");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(checkpoint[CheckpointFormat.VersionAt..]);
        if (version != CheckpointFormat.Version)
        {
            return CheckpointLoad.Refused(CheckpointRefusal.OtherVersion, $"written by checkpoint format version {version}, this build reads {CheckpointFormat.Version}");
        }

        ulong fingerprint = BinaryPrimitives.ReadUInt64LittleEndian(checkpoint[CheckpointFormat.FingerprintAt..]);
        if (fingerprint != _fingerprint)
        {
            return CheckpointLoad.Refused(CheckpointRefusal.OtherConfiguration, $"learnt under other detector settings (fingerprint {fingerprint:x16}, this set {_fingerprint:x16})");
        }

        if (stated != _stateBytes)
        {
            return CheckpointLoad.Refused(CheckpointRefusal.WrongLength, $"a state of {stated} bytes, this set's is {_stateBytes}");
        }

        return CheckpointLoad.Restored;
    }

    // The order of the parts is the format: hard, statistical and calibrated rules in their arrays' order, then the
    // combining stages. Optional parts write nothing when off (the fingerprint already says which are on).
    private void SaveState(ref CheckpointWriter writer)
    {
        writer.Write(_newestMs);
        Save(_hard, ref writer);
        Save(_statistical, ref writer);
        Save(_calibrated, ref writer);
        _rarity?.Save(ref writer);
        _likelihood?.Save(ref writer);
        _range?.Save(ref writer);
        _episodes.Save(ref writer);
        _warnings?.Save(ref writer);
        _alerts?.Save(ref writer);
    }

    private void LoadState(ref CheckpointReader reader)
    {
        _newestMs = reader.ReadInt64();
        Load(_hard, ref reader);
        Load(_statistical, ref reader);
        Load(_calibrated, ref reader);
        _rarity?.Load(ref reader);
        _likelihood?.Load(ref reader);
        _range?.Load(ref reader);
        _episodes.Load(ref reader);
        _warnings?.Load(ref reader);
        _alerts?.Load(ref reader);
    }

    private int CountStateBytes()
    {
        CheckpointWriter counter = CheckpointWriter.Counting();
        SaveState(ref counter);
        return counter.Position;
    }

    private static void Save(SeriesDetector[] detectors, ref CheckpointWriter writer)
    {
        for (int i = 0; i < detectors.Length; i++)
        {
            detectors[i].Save(ref writer);
        }
    }

    private static void Load(SeriesDetector[] detectors, ref CheckpointReader reader)
    {
        for (int i = 0; i < detectors.Length; i++)
        {
            detectors[i].Load(ref reader);
        }
    }
}
