using IotStack.Nab.Corpus;

namespace IotStack.Nab.Tests;

/// <summary>The three NAB files vendored under nab/ (copied next to the test assembly).</summary>
internal static class VendoredNab
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "nab");

    public static string DataDir => Path.Combine(Root, "data");

    public static string Labels => Path.Combine(Root, "labels", "windows.json");

    public static IReadOnlyList<NabSeries> Corpus() => NabCorpusReader.ReadAll(DataDir, Labels);
}
