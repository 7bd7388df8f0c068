using IotStack.CompileGate.Reporting;

namespace IotStack.CompileGate.Cli;

/// <summary>Command line: arguments in, findings and a per-project summary out, exit code 0 clean / 1 findings / 2 usage.</summary>
internal static class GateCommand
{
    public const string Usage = """
        usage: IotStack.CompileGate [<project.nfproj | folder> ...]
          Compiles nanoFramework projects against nanoFramework's mscorlib and rejects constructs the stable
          runtime cannot run (NF001-NF011, see docs/compile-gate.md).
          No arguments: every portable .nfproj in the repository (projects referencing packages the gate cannot
          load, such as the ESP32 board project, are listed as skipped). A folder without an .nfproj is gated as
          one project of all its *.cs files.
          Exit code: 0 clean, 1 compiler errors or rule violations, 2 usage error.
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error, string workingDirectory)
    {
        if (args.Any(arg => arg is "-h" or "--help" or "-?"))
        {
            output.WriteLine(Usage);
            return GateResult.ExitClean;
        }

        var unknownOption = args.FirstOrDefault(arg => arg.StartsWith('-'));
        if (unknownOption is not null)
        {
            error.WriteLine($"compile-gate: unknown option {unknownOption}");
            error.WriteLine(Usage);
            return GateResult.ExitUsage;
        }

        var result = new GateRunner(workingDirectory).Run(args);
        Write(result, output, error, workingDirectory);
        return result.ExitCode;
    }

    private static void Write(GateResult result, TextWriter output, TextWriter error, string workingDirectory)
    {
        foreach (var usageError in result.UsageErrors)
        {
            error.WriteLine($"compile-gate: {usageError}");
        }

        foreach (var project in result.Projects)
        {
            foreach (var finding in project.Findings)
            {
                output.WriteLine(finding.Format(workingDirectory));
            }

            foreach (var hint in project.Hints)
            {
                output.WriteLine($"hint: {project.Name}: {hint}");
            }
        }

        foreach (var project in result.Projects)
        {
            var verdict = project.Passed ? "ok" : "FAILED";
            output.WriteLine(
                $"{verdict,-6} {project.Name} ({Finding.DisplayPath(project.ProjectPath, workingDirectory)}): "
                + $"{project.FileCount} files, {project.CompilerErrorCount} compiler errors, {project.RuleViolationCount} rule violations");
        }

        foreach (var skipped in result.Skipped)
        {
            output.WriteLine($"skip   {skipped}");
        }

        if (result.UsageErrors.Count == 0)
        {
            var failed = result.Projects.Count(project => !project.Passed);
            output.WriteLine(failed == 0
                ? $"compile-gate: passed ({result.Projects.Count} projects)"
                : $"compile-gate: FAILED ({failed} of {result.Projects.Count} projects)");
        }
    }
}
