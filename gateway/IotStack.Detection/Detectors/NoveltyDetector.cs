using IotStack.Detection.Checkpoints;
using IotStack.Detection.Options;
using IotStack.Detection.Statistics;

namespace IotStack.Detection.Detectors;

/// <summary>
/// Value novelty, in the spirit of contextual novelty detectors such as CAD OSE (Smirnov, NAB 2016) and the
/// "spatial anomaly" check of Numenta's NAB detector: an exponentially forgetting histogram of past values
/// gives the share of history near the current value; a value in territory the series has (almost) never
/// visited scores high however the series got there (spike, level shift, drop to zero). Bins are placed on a
/// slowly learnt centre and σ, so memory is fixed and a slow drift keeps the bins' meaning.
/// </summary>
internal sealed class NoveltyDetector : SeriesDetector
{
    private const double Prior = 1;

    private readonly NoveltyOptions _options;
    private readonly DecayingHistogram _counts;
    private readonly double _logLimit;
    private ExponentialMoments _moments;
    private int _samples;
    private int _counted;

    public NoveltyDetector(NoveltyOptions options)
    {
        options.ThrowIfInvalid();
        _options = options;
        _counts = new DecayingHistogram(options.Bins, options.HalfLifeSamples);
        _logLimit = Math.Log(options.LimitProbability);
    }

    public override DetectionRule Rule => DetectionRule.Novelty;

    public override Finding Observe(long timestampMs, double value)
    {
        Finding finding = Finding.Quiet(Rule, timestampMs, value);
        double alpha = Math.Max(_options.Alpha, 1.0 / (_samples + 1));
        if (_samples == 0)
        {
            _moments.Mean = value;
            _samples = 1;
            return finding;
        }

        double sigma = Math.Sqrt(_moments.Variance);
        double width = _options.BinWidth * sigma;
        int bin = Bin(value, width);
        if (_counted >= _options.MinSamples && width > 0)
        {
            double near = 0;
            int from = Math.Max(0, bin - _options.Neighbours);
            int to = Math.Min(_counts.Bins - 1, bin + _options.Neighbours);
            for (int i = from; i <= to; i++)
            {
                near += _counts[i];
            }

            double prior = Prior * _counts.Weight;
            double share = (near + prior) / (_counts.Total + prior);
            double half = (_counts.Bins / 2.0) * width;
            finding = new Finding(Rule, timestampMs, value, _moments.Mean - half, _moments.Mean + half, ScoreMap.FromRatio(Math.Log(share) / _logLimit));
        }

        // The first MinSamples only place the bins: counted while the centre and σ still move fast, they would
        // sit in bins that later mean something else.
        if (width > 0 && _samples >= _options.MinSamples)
        {
            _counts.Add(bin);
            _counted++;
        }

        _moments.Add(value, alpha);
        _samples++;
        return finding;
    }

    public override void Save(ref CheckpointWriter writer)
    {
        _counts.Save(ref writer);
        _moments.Save(ref writer);
        writer.Write(_samples);
        writer.Write(_counted);
    }

    public override void Load(ref CheckpointReader reader)
    {
        _counts.Load(ref reader);
        _moments.Load(ref reader);
        _samples = reader.ReadInt32(0, int.MaxValue, "novelty samples");
        _counted = reader.ReadInt32(0, int.MaxValue, "novelty samples counted");
    }

    public override void Reset()
    {
        _counts.Reset();
        _moments = default;
        _samples = 0;
        _counted = 0;
    }

    private int Bin(double value, double width)
    {
        if (!(width > 0))
        {
            return _counts.Bins / 2;
        }

        double position = ((value - _moments.Mean) / width) + (_counts.Bins / 2.0);
        return (int)Math.Clamp(Math.Floor(position), 0, _counts.Bins - 1);
    }
}
