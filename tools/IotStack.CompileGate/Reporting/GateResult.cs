namespace IotStack.CompileGate.Reporting;

/// <summary>The outcome of one gate run over one or more projects.</summary>
internal sealed class GateResult
{
    public const int ExitClean = 0;
    public const int ExitFindings = 1;
    public const int ExitUsage = 2;

    public IReadOnlyList<ProjectReport> Projects { get; init; } = [];

    /// <summary>Projects found but not gated, with the reason (they reference packages the gate cannot load).</summary>
    public IReadOnlyList<string> Skipped { get; init; } = [];

    /// <summary>Why the gate could not run as asked (bad path, nothing to gate, mscorlib not found).</summary>
    public IReadOnlyList<string> UsageErrors { get; init; } = [];

    public IEnumerable<Finding> Findings => Projects.SelectMany(project => project.Findings);

    public int ExitCode =>
        UsageErrors.Count > 0 ? ExitUsage
        : Projects.All(project => project.Passed) ? ExitClean
        : ExitFindings;
}
