using System.Globalization;
using System.Text;
using IotStack.Detection;
using IotStack.Nab.Corpus;

namespace IotStack.Nab;

/// <summary>Streams each series through a fresh gateway <see cref="DetectorSet"/> and writes NAB result files.</summary>
internal static class NabRunner
{
    public static double[] Detect(NabSeries series, ChannelDetectionSpec spec)
    {
        var detectors = new DetectorSet(spec);
        var scores = new double[series.Length];
        for (int i = 0; i < series.Length; i++)
        {
            scores[i] = detectors.Observe(series.TimestampsMs[i], series.Values[i]).Score;
        }

        return scores;
    }

    /// <summary>NAB result layout: timestamp,value,anomaly_score,label (label 1 inside a labelled window).</summary>
    public static void WriteResult(NabSeries series, double[] scores, string outDir)
    {
        string path = Path.Combine(outDir, series.RelativePath.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var label = new bool[series.Length];
        foreach (NabWindow w in series.Windows)
        {
            Array.Fill(label, true, w.StartRow, w.Width);
        }

        var text = new StringBuilder(series.Length * 48);
        text.Append("timestamp,value,anomaly_score,label\n");
        for (int i = 0; i < series.Length; i++)
        {
            text.Append(series.TimestampText[i]).Append(',')
                .Append(series.Values[i].ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(scores[i].ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(label[i] ? '1' : '0').Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }
}
