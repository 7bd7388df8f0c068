using IotStack.Detection.Checkpoints;

namespace IotStack.Detection.Combining;

/// <summary>
/// Sub-alert warnings: a score from WarningScore up to the alert level is reported once per WarningSamples
/// samples and later ones score 0, so a threshold below the alert level (a dashboard's "watch" level, NAB's
/// low-FN profile) sees one report per episode, as the alert level does; alerts (already de-duplicated) open the
/// span too. A lone rare sample (one persistence held back) becomes a warning graded by its own rarity. One
/// counter, 0 B per sample.
/// </summary>
internal sealed class WarningLimiter
{
    private const double LoneWarningCeiling = 0.4999;
    private readonly double _warningScore;
    private readonly int _warningSamples;
    private int _warningLeft;

    public WarningLimiter(double warningScore, int warningSamples)
    {
        _warningScore = warningScore;
        _warningSamples = warningSamples;
    }

    /// <summary>The score as reported: unchanged at or above the alert level and below the warning level; a repeat warning inside the span → 0.</summary>
    public double Limit(double score)
    {
        if (_warningLeft > 0)
        {
            _warningLeft--;
        }

        if (score < _warningScore)
        {
            return score;
        }

        if (score < Finding.AnomalyScore && _warningLeft > 0)
        {
            return 0;
        }

        _warningLeft = _warningSamples;
        return score;
    }

    /// <summary>
    /// A lone rare sample's warning score: its rarity score at the alert level → WarningScore, certain → just
    /// under the alert level, so it never alerts or opens a suppression span; below the alert level → 0.
    /// </summary>
    public double LoneWarning(double loneScore) =>
        loneScore < Finding.AnomalyScore ? 0 : _warningScore + ((LoneWarningCeiling - _warningScore) * (loneScore - Finding.AnomalyScore) / (1 - Finding.AnomalyScore));

    public void Save(ref CheckpointWriter writer)
    {
        writer.Write(_warningLeft);
    }

    public void Load(ref CheckpointReader reader)
    {
        _warningLeft = reader.ReadInt32(0, _warningSamples, "warning span left");
    }

    public void Reset() => _warningLeft = 0;
}
