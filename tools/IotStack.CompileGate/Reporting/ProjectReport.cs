namespace IotStack.CompileGate.Reporting;

/// <summary>What the gate found in one project: compiler errors (part A) and rule violations (part B).</summary>
internal sealed class ProjectReport
{
    public required string Name { get; init; }

    public required string ProjectPath { get; init; }

    public required int FileCount { get; init; }

    public required IReadOnlyList<Finding> Findings { get; init; }

    /// <summary>Advice for compiler errors whose cause differs between the host build and the device build.</summary>
    public IReadOnlyList<string> Hints { get; init; } = [];

    public int CompilerErrorCount => Findings.Count(finding => finding.IsError && !finding.IsRuleViolation);

    public int RuleViolationCount => Findings.Count(finding => finding.IsRuleViolation);

    public bool Passed => Findings.All(finding => !finding.IsError);
}
