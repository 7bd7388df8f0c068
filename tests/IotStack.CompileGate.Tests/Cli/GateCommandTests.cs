using IotStack.CompileGate.Cli;
using IotStack.CompileGate.Reporting;
using static IotStack.CompileGate.Tests.FindingAssertions;

namespace IotStack.CompileGate.Tests.Cli;

public sealed class GateCommandTests
{
    [Fact]
    public void Run_Violation_PrintsCompilerStyleLineAndExitsOne()
    {
        using var project = new TempProject();
        var source = """
            namespace Firmware
            {
                internal sealed class Pair
                {
                    public object Make() { return (1, 2); } // <-
                }
            }
            """;
        project.Write("src/Pair.cs", source);
        var output = new StringWriter();

        var exitCode = GateCommand.Run(["src"], output, new StringWriter(), project.Root);

        Assert.Equal(GateResult.ExitFindings, exitCode);
        var line = LineOf(source, "// <-");
        Assert.Contains($"src/Pair.cs:{line}:", output.ToString(), StringComparison.Ordinal);
        Assert.Matches($@"(?m)^src/Pair\.cs:{line}:\d+: error NF010: tuple expression", output.ToString());
        Assert.Contains("FAILED", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_CleanFolder_PrintsSummaryAndExitsZero()
    {
        using var project = new TempProject();
        project.Write("src/A.cs", "namespace Firmware { internal sealed class A { } }");
        project.Write("src/B.cs", "namespace Firmware { internal sealed class B { } }");
        var output = new StringWriter();

        var exitCode = GateCommand.Run(["src"], output, new StringWriter(), project.Root);

        Assert.Equal(GateResult.ExitClean, exitCode);
        Assert.Contains("src (src): 2 files, 0 compiler errors, 0 rule violations", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingPath_ExitsTwo()
    {
        using var project = new TempProject();
        var error = new StringWriter();

        var exitCode = GateCommand.Run(["does-not-exist"], new StringWriter(), error, project.Root);

        Assert.Equal(GateResult.ExitUsage, exitCode);
        Assert.Contains("does-not-exist", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownOption_ExitsTwo()
    {
        using var project = new TempProject();

        var exitCode = GateCommand.Run(["--fast"], new StringWriter(), new StringWriter(), project.Root);

        Assert.Equal(GateResult.ExitUsage, exitCode);
    }
}
