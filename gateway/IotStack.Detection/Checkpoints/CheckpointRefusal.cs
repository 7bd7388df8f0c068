namespace IotStack.Detection.Checkpoints;

/// <summary>Why a set did not take a checkpoint (it then starts from nothing and warms up). Values are logged, not stored.</summary>
internal enum CheckpointRefusal
{
    None,

    /// <summary>Shorter than a header and trailer.</summary>
    TooShort,

    /// <summary>No "IDCK" magic: not a detector checkpoint.</summary>
    NotACheckpoint,

    /// <summary>The CRC does not match: bytes changed after writing (a torn or damaged row).</summary>
    Corrupt,

    /// <summary>Written by another format version.</summary>
    OtherVersion,

    /// <summary>Written by a set with other settings (its fingerprint differs).</summary>
    OtherConfiguration,

    /// <summary>Same version and settings, but a state length other than this set's.</summary>
    WrongLength,

    /// <summary>A value that cannot be this set's state (an index out of range).</summary>
    InvalidState,
}
