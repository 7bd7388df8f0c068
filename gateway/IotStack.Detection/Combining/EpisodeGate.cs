using IotStack.Detection.Checkpoints;

namespace IotStack.Detection.Combining;

/// <summary>
/// One alert per episode. After an alert the next SuppressSamples samples are the same episode and do not alert
/// again, unless the episode has visibly ended (the combined score stayed below EpisodeQuietScore for
/// EpisodeQuietSamples samples: the next one may alert), a new extreme breaks through, or (EscalationMargin > 0)
/// the score rises that far above the alert's. Without the early end, a false alarm just before a real event hid
/// the event for the whole span. Four numbers of state, 0 B per sample.
/// </summary>
internal sealed class EpisodeGate
{
    private readonly int _suppressSamples;
    private readonly double _escalationMargin;
    private readonly int _quietSamples;
    private readonly double _quietScore;
    private int _suppressLeft;
    private double _alertScore;
    private int _quietRun;

    public EpisodeGate(int suppressSamples, double escalationMargin, int quietSamples, double quietScore)
    {
        _suppressSamples = suppressSamples;
        _escalationMargin = escalationMargin;
        _quietSamples = quietSamples;
        _quietScore = quietScore;
    }

    /// <summary>True while a suppression span is open.</summary>
    public bool InEpisode => _suppressLeft > 0;

    /// <summary>
    /// Decides one sample: true when it belongs to the last alert's episode and must not alert (its score is
    /// then reported as 0). A score at the alert level that passes opens a new span.
    /// </summary>
    public bool Suppresses(double score, bool newExtreme)
    {
        if (_suppressLeft > 0 && _quietSamples > 0)
        {
            _quietRun = score < _quietScore ? _quietRun + 1 : 0;
            if (_quietRun >= _quietSamples)
            {
                _suppressLeft = 0;
            }
        }

        if (_suppressLeft > 0 && !newExtreme && !(_escalationMargin > 0 && score >= _alertScore + _escalationMargin))
        {
            _suppressLeft--;
            return true;
        }

        if (score >= Finding.AnomalyScore)
        {
            _suppressLeft = _suppressSamples;
            _alertScore = score;
            _quietRun = 0;
        }

        return false;
    }

    public void Save(ref CheckpointWriter writer)
    {
        writer.Write(_suppressLeft);
        writer.Write(_alertScore);
        writer.Write(_quietRun);
    }

    public void Load(ref CheckpointReader reader)
    {
        _suppressLeft = reader.ReadInt32(0, _suppressSamples, "suppressed samples left");
        _alertScore = reader.ReadDouble();
        _quietRun = reader.ReadInt32(0, int.MaxValue, "quiet run");
    }

    public void Reset()
    {
        _suppressLeft = 0;
        _quietRun = 0;
    }
}
