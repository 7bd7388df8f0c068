using IotStack.CompileGate.Reporting;
using static IotStack.CompileGate.Tests.FindingAssertions;

namespace IotStack.CompileGate.Tests.Cli;

/// <summary>Project resolution: references between portable projects, and projects the gate cannot load.</summary>
public sealed class GateRunnerTests
{
    [Fact]
    public void Run_ProjectReferencingPortableProject_CompilesAgainstIt()
    {
        using var project = new TempProject();
        project.Write("Protocol/Protocol.nfproj", TempProject.Nfproj("Protocol"));
        project.Write("Protocol/Frame.cs", "namespace Protocol { public sealed class Frame { public int Length { get; set; } } }");
        project.Write("Core/Core.nfproj", TempProject.Nfproj(
            "Core",
            """<ProjectReference Include="..\Protocol\Protocol.nfproj" />"""));
        project.Write("Core/Sender.cs", """
            namespace Core
            {
                internal sealed class Sender
                {
                    public int Size(Protocol.Frame frame) { return frame.Length; }
                }
            }
            """);

        var result = project.Gate("Core/Core.nfproj");

        Assert.True(result.ExitCode == GateResult.ExitClean, Describe(result));
        Assert.Equal(["Protocol", "Core"], result.Projects.Select(p => p.Name));
    }

    [Fact]
    public void Run_ViolationInReferencedProject_FailsAndNamesThatProject()
    {
        using var project = new TempProject();
        project.Write("Protocol/Protocol.nfproj", TempProject.Nfproj("Protocol"));
        var source = """
            namespace Protocol
            {
                public sealed class Frame
                {
                    public string Describe(int length) { return $"len={length}"; } // <-
                }
            }
            """;
        project.Write("Protocol/Frame.cs", source);
        project.Write("Core/Core.nfproj", TempProject.Nfproj(
            "Core",
            """<ProjectReference Include="..\Protocol\Protocol.nfproj" />"""));
        project.Write("Core/Sender.cs", "namespace Core { internal sealed class Sender { } }");

        var result = project.Gate("Core/Core.nfproj");

        Assert.Equal(GateResult.ExitFindings, result.ExitCode);
        At(result, "Frame.cs", LineOf(source, "// <-"), "NF011");
        Assert.False(result.Projects.Single(p => p.Name == "Protocol").Passed);
        Assert.True(result.Projects.Single(p => p.Name == "Core").Passed);
    }

    [Fact]
    public void Run_FolderWithBoardProject_SkipsItAndGatesTheRest()
    {
        using var project = new TempProject();
        project.Write("Core/Core.nfproj", TempProject.Nfproj("Core"));
        project.Write("Core/A.cs", "namespace Core { internal sealed class A { } }");
        project.Write("Board/Board.nfproj", TempProject.Nfproj(
            "Board",
            """<Reference Include="nanoFramework.Device.Bluetooth, Version=1.1.0.0, Culture=neutral"><HintPath>x.dll</HintPath></Reference>"""));
        project.Write("Board/Program.cs", "namespace Board { internal sealed class Program { } }");

        var result = project.Gate(".");

        Assert.Equal(GateResult.ExitClean, result.ExitCode);
        Assert.Equal(["Core"], result.Projects.Select(p => p.Name));
        Assert.Contains(result.Skipped, skipped => skipped.Contains("nanoFramework.Device.Bluetooth", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_BoardProjectNamedExplicitly_IsAUsageError()
    {
        using var project = new TempProject();
        project.Write("Board/Board.nfproj", TempProject.Nfproj(
            "Board",
            """<Reference Include="nanoFramework.System.Device.I2c"><HintPath>x.dll</HintPath></Reference>"""));

        var result = project.Gate("Board/Board.nfproj");

        Assert.Equal(GateResult.ExitUsage, result.ExitCode);
        Assert.Contains("nanoFramework.System.Device.I2c", Assert.Single(result.UsageErrors), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SourcesUnderBinAndObj_AreNotCompiled()
    {
        using var project = new TempProject();
        project.Write("Core/Core.nfproj", TempProject.Nfproj("Core"));
        project.Write("Core/A.cs", "namespace Core { internal sealed class A { } }");
        project.Write("Core/obj/Debug/Generated.cs", "namespace Core { internal sealed class G { System.Func<int> f; } }");
        project.Write("Core/bin/Debug/Copied.cs", "namespace Core { internal sealed class C { System.Func<int> f; } }");

        var result = project.Gate("Core/Core.nfproj");

        Assert.True(result.ExitCode == GateResult.ExitClean, Describe(result));
        Assert.Equal(1, Assert.Single(result.Projects).FileCount);
    }
}
