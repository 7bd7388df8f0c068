using System.Globalization;
using System.Text.Json;

namespace IotStack.Nab.Corpus;

/// <summary>Reads NAB data files (header timestamp,value) and labels/windows.json.</summary>
internal static class NabCorpusReader
{
    /// <summary>Every CSV under <paramref name="dataDir"/>, sorted by relative path, with its windows (none when unlabelled).</summary>
    public static IReadOnlyList<NabSeries> ReadAll(string dataDir, string labelsFile)
    {
        Dictionary<string, string[][]> labels = ReadLabels(labelsFile);
        var series = new List<NabSeries>();
        foreach (string path in Directory.EnumerateFiles(dataDir, "*.csv", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(dataDir, path).Replace('\\', '/');
            labels.TryGetValue(relative, out string[][]? windows);
            series.Add(ReadSeries(path, relative, windows ?? []));
        }

        return series;
    }

    public static Dictionary<string, string[][]> ReadLabels(string labelsFile)
    {
        using FileStream stream = File.OpenRead(labelsFile);
        return JsonSerializer.Deserialize<Dictionary<string, string[][]>>(stream)
            ?? throw new InvalidDataException($"{labelsFile}: not a JSON object of windows");
    }

    public static NabSeries ReadSeries(string path, string relativePath, string[][] windowTexts)
    {
        var text = new List<string>();
        var times = new List<long>();
        var values = new List<double>();
        using (var reader = new StreamReader(path))
        {
            string? header = reader.ReadLine();
            if (header is null || !header.Trim().Equals("timestamp,value", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException($"{path}: expected header 'timestamp,value', found '{header}'");
            }

            int lineNumber = 1;
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                lineNumber++;
                if (line.Length == 0)
                {
                    continue;
                }

                int comma = line.IndexOf(',');
                if (comma < 0
                    || !NabTimestamp.TryParseMs(line[..comma], out long ms)
                    || !double.TryParse(line.AsSpan(comma + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                {
                    throw new InvalidDataException($"{path}:{lineNumber}: expected 'timestamp,value', found '{line}'");
                }

                text.Add(line[..comma]);
                times.Add(ms);
                values.Add(value);
            }
        }

        long[] timestamps = times.ToArray();
        var windows = new NabWindow[windowTexts.Length];
        for (int i = 0; i < windowTexts.Length; i++)
        {
            windows[i] = ToRows(path, timestamps, windowTexts[i]);
        }

        return new NabSeries(relativePath, text.ToArray(), timestamps, values.ToArray(), windows);
    }

    // NAB enters a window at the first row equal to its start and leaves at the first row equal to its end
    // (nab/sweeper.py uses list.index); without an exact match take the nearest rows inside the window.
    private static NabWindow ToRows(string path, long[] timestamps, string[] limits)
    {
        if (limits.Length != 2 || !NabTimestamp.TryParseMs(limits[0], out long start) || !NabTimestamp.TryParseMs(limits[1], out long end))
        {
            throw new InvalidDataException($"{path}: window must be [start, end] timestamps, found [{string.Join(", ", limits)}]");
        }

        int startRow = Array.IndexOf(timestamps, start);
        if (startRow < 0)
        {
            startRow = Array.FindIndex(timestamps, t => t >= start);
        }

        int endRow = Array.IndexOf(timestamps, end);
        if (endRow < 0)
        {
            endRow = Array.FindLastIndex(timestamps, t => t <= end);
        }

        if (startRow < 0 || endRow < startRow)
        {
            throw new InvalidDataException($"{path}: window [{limits[0]}, {limits[1]}] covers no rows");
        }

        return new NabWindow(startRow, endRow);
    }
}
