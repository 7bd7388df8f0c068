using IotStack.CompileGate.Reporting;
using static IotStack.CompileGate.Tests.FindingAssertions;

namespace IotStack.CompileGate.Tests.Reporting;

/// <summary>Errors the device build hits although the host build of the same sources is clean.</summary>
public sealed class DeviceBuildHintsTests
{
    [Fact]
    public void Gate_TypeFromReferenceOfReference_FailsWithMissingReferenceHint()
    {
        using var project = WithThreeProjects(testsReferenceProtocol: false, coreSharesInternals: true);

        var result = project.Gate("Tests/Tests.nfproj");

        Assert.Equal(GateResult.ExitFindings, result.ExitCode);
        var tests = result.Projects.Single(p => p.Name == "Tests");
        Assert.Contains(tests.Findings, finding => finding.Id is "CS0012" or "CS0234");
        Assert.Contains(tests.Hints, hint => hint.Contains("ProjectReference", StringComparison.Ordinal));
    }

    [Fact]
    public void Gate_InternalsSharedOnlyByCsproj_FailsWithInternalsVisibleToHint()
    {
        using var project = WithThreeProjects(testsReferenceProtocol: true, coreSharesInternals: false);

        var result = project.Gate("Tests/Tests.nfproj");

        Assert.Equal(GateResult.ExitFindings, result.ExitCode);
        var tests = result.Projects.Single(p => p.Name == "Tests");
        Assert.Contains(tests.Findings, finding => finding.Id == "CS0122");
        Assert.Contains(tests.Hints, hint => hint.Contains("InternalsVisibleTo", StringComparison.Ordinal));
    }

    [Fact]
    public void Gate_DirectReferencesAndInternalsVisibleToInSource_Passes()
    {
        using var project = WithThreeProjects(testsReferenceProtocol: true, coreSharesInternals: true);

        var result = project.Gate("Tests/Tests.nfproj");

        Assert.True(result.ExitCode == GateResult.ExitClean, Describe(result));
        Assert.All(result.Projects, report => Assert.Empty(report.Hints));
    }

    [Fact]
    public void For_MissingSystemNamespace_GivesNoReferenceHint()
    {
        var findings = new[]
        {
            new Finding("/x/A.cs", 1, 1, "CS0234", "The type or namespace name 'Linq' does not exist in the namespace 'System' (are you missing an assembly reference?)"),
        };

        Assert.Empty(DeviceBuildHints.For(findings));
    }

    /// <summary>Protocol (public enum) ← Core (internal helper, public API returning the enum) ← Tests.</summary>
    private static TempProject WithThreeProjects(bool testsReferenceProtocol, bool coreSharesInternals)
    {
        var project = new TempProject();
        project.Write("Protocol/Protocol.nfproj", TempProject.Nfproj("Protocol"));
        project.Write("Protocol/ResetReason.cs", "namespace Protocol { public enum ResetReason { PowerOn, Watchdog } }");
        project.Write("Core/Core.nfproj", TempProject.Nfproj(
            "Core",
            """<ProjectReference Include="..\Protocol\Protocol.nfproj" />"""));
        project.Write("Core/Board.cs", """
            namespace Core
            {
                public sealed class Board
                {
                    public Protocol.ResetReason LastReset() { return Protocol.ResetReason.PowerOn; }
                }

                internal static class Crc
                {
                    internal static int Of(int value) { return value ^ 0x31; }
                }
            }
            """);
        if (coreSharesInternals)
        {
            project.Write("Core/Properties/AssemblyInfo.cs", """
                #if NANOFRAMEWORK_1_0
                [assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Tests")]
                #endif
                """);
        }

        var protocolReference = testsReferenceProtocol ? """<ProjectReference Include="..\Protocol\Protocol.nfproj" />""" : string.Empty;
        project.Write("Tests/Tests.nfproj", TempProject.Nfproj(
            "Tests",
            $"""<ProjectReference Include="..\Core\Core.nfproj" />{protocolReference}"""));
        project.Write("Tests/BoardTests.cs", """
            using Protocol;

            namespace Tests
            {
                public class BoardTests
                {
                    public bool ResetIsPowerOn()
                    {
                        ResetReason reason = new Core.Board().LastReset();
                        return reason == ResetReason.PowerOn && Core.Crc.Of(0) == 0x31;
                    }
                }
            }
            """);
        return project;
    }
}
