namespace IotStack.Gateway.Options;

/// <summary>Section <c>IotStack:Detection</c>: checkpoints of each series' learnt detector state (docs/detection.md).</summary>
internal sealed class DetectionOptions
{
    /// <summary>
    /// Write the learnt state of every series that saw samples since its last checkpoint to the store this often,
    /// and on a graceful stop; a series restores it at its first sample after a start, so a restart does not warm
    /// every series up again. After a crash a series resumes from its last checkpoint (at most this old).
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>False: no checkpoints are written or read (every start warms every series up).</summary>
    public bool Checkpoints { get; set; } = true;
}
