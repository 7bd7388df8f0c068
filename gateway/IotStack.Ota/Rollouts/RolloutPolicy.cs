namespace IotStack.Ota.Rollouts;

/// <summary>How a campaign proceeds: a canary wave, then batches, each gated on failures and health.</summary>
internal sealed class RolloutPolicy
{
    public int CanaryCount { get; set; } = 1;

    /// <summary>Canary size as a fraction of the target (the larger of count and percent wins).</summary>
    public double CanaryPercent { get; set; }

    public int BatchSize { get; set; } = 10;

    public double BatchPercent { get; set; }

    /// <summary>How long updated boards are watched after a wave settles before the next wave starts.</summary>
    public TimeSpan SoakPeriod { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Fraction of a wave that may fail before the campaign stops by itself.</summary>
    public double FailureThreshold { get; set; } = 0.2;

    /// <summary>Past the failure threshold: abort (true) or pause for the operator (false).</summary>
    public bool AbortOnFailures { get; set; } = true;

    /// <summary>Offers per board before its transfer counts as failed (Polly retry with exponential backoff).</summary>
    public int MaxAttempts { get; set; } = 3;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A board silent this long in one attempt (no progress at all) counts as a failed transfer.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public HealthGateOptions Health { get; set; } = new();

    public int WaveSize(int waveIndex, int targetCount)
    {
        int size = waveIndex == 0
            ? Math.Max(CanaryCount, (int)Math.Ceiling(CanaryPercent * targetCount))
            : Math.Max(BatchSize, (int)Math.Ceiling(BatchPercent * targetCount));
        return Math.Max(1, size);
    }
}
