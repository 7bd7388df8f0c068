using IotStack.CompileGate.Reporting;

namespace IotStack.CompileGate.Tests;

internal static class FindingAssertions
{
    /// <summary>Asserts a finding with this id exists at file:line, and shows every finding when it does not.</summary>
    public static Finding At(GateResult result, string fileName, int line, string id)
    {
        var matches = result.Findings
            .Where(finding => Path.GetFileName(finding.FilePath) == fileName && finding.Line == line && finding.Id == id)
            .ToList();
        Assert.True(
            matches.Count > 0,
            $"expected {id} at {fileName}:{line}, found {matches.Count}. All findings:\n" + Describe(result));
        return matches[0];
    }

    public static string Describe(GateResult result) =>
        string.Join(
            "\n",
            result.UsageErrors.Concat(result.Findings.Select(f => $"{f.FilePath}:{f.Line}:{f.Column}: {f.Id}: {f.Message}")));

    /// <summary>1-based line of the only line containing the marker, so tests point at the offending line by text.</summary>
    public static int LineOf(string source, string marker)
    {
        var lines = source.Split('\n');
        var hits = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(marker, StringComparison.Ordinal)).ToList();
        Assert.Single(hits);
        return hits[0] + 1;
    }
}
