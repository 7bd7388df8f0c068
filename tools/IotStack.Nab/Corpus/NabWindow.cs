namespace IotStack.Nab.Corpus;

/// <summary>A labelled anomaly window as row indices into its series, inclusive at both ends.</summary>
internal readonly record struct NabWindow(int StartRow, int EndRow)
{
    public int Width => EndRow - StartRow + 1;
}
