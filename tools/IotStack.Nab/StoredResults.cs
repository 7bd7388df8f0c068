using System.Globalization;
using IotStack.Nab.Corpus;

namespace IotStack.Nab;

/// <summary>
/// Reads another detector's result file (NAB layout) so it is scored by the same scorer as ours: how the published
/// rows in the subset's README are reproduced, and where a comparison per file comes from.
/// </summary>
internal static class StoredResults
{
    public static double[] Read(string resultsDir, NabSeries series)
    {
        string relative = series.RelativePath.Replace('/', Path.DirectorySeparatorChar);
        string folder = Path.Combine(resultsDir, Path.GetDirectoryName(relative) ?? string.Empty);
        string name = Path.GetFileName(relative);
        string path = Path.Combine(folder, name);
        if (!File.Exists(path))
        {
            // NAB stores results/<detector>/<category>/<detector>_<file>.csv.
            string[] prefixed = Directory.Exists(folder) ? Directory.GetFiles(folder, "*_" + name) : [];
            path = prefixed.Length == 1 ? prefixed[0] : throw new FileNotFoundException($"no stored result for {series.RelativePath} under {resultsDir}");
        }

        using var reader = new StreamReader(path);
        string[] header = (reader.ReadLine() ?? string.Empty).Split(',');
        int column = Array.IndexOf(header, "anomaly_score");
        if (column < 0)
        {
            throw new InvalidDataException($"{path}: no anomaly_score column");
        }

        var scores = new double[series.Length];
        int row = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (row == scores.Length)
            {
                throw new InvalidDataException($"{path}: more rows than the data file's {series.Length}");
            }

            scores[row++] = double.Parse(line.Split(',')[column], NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return row == scores.Length ? scores : throw new InvalidDataException($"{path}: {row} rows, the data file has {series.Length}");
    }
}
