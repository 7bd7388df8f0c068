namespace IotStack.Nab.Corpus;

/// <summary>One NAB data file: its rows in file order and its labelled windows.</summary>
internal sealed class NabSeries
{
    public NabSeries(string relativePath, string[] timestampText, long[] timestampsMs, double[] values, NabWindow[] windows)
    {
        RelativePath = relativePath;
        TimestampText = timestampText;
        TimestampsMs = timestampsMs;
        Values = values;
        Windows = windows;
    }

    /// <summary>Path relative to the data folder with '/' separators, as used by windows.json keys.</summary>
    public string RelativePath { get; }

    public string[] TimestampText { get; }

    public long[] TimestampsMs { get; }

    public double[] Values { get; }

    public NabWindow[] Windows { get; }

    public int Length => Values.Length;
}
