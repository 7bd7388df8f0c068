using IotStack.CompileGate.Cli;
using IotStack.CompileGate.Reporting;
using static IotStack.CompileGate.Tests.FindingAssertions;

namespace IotStack.CompileGate.Tests.Cli;

/// <summary>The point of the gate: the repository's portable projects compile for, and can run on, nanoFramework.</summary>
public sealed class RepositoryGateTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    [Theory]
    [InlineData("firmware/IotStack.Protocol/IotStack.Protocol.Nano.nfproj")]
    [InlineData("firmware/IotStack.Firmware.Core/IotStack.Firmware.Core.Nano.nfproj")]
    [InlineData("firmware/IotStack.Firmware.Esp32/IotStack.Firmware.Esp32.nfproj")]
    [InlineData("firmware/IotStack.Firmware.Loader/IotStack.Firmware.Loader.nfproj")]
    [InlineData("tests/IotStack.Firmware.Core.Tests/IotStack.Firmware.Core.Tests.Nano.nfproj")]
    public void Run_PortableRepositoryProject_Passes(string nfproj)
    {
        var result = new GateRunner(RepositoryRoot).Run([nfproj]);

        Assert.True(result.ExitCode == GateResult.ExitClean, Describe(result));
        Assert.All(result.Projects, project => Assert.True(project.FileCount > 0, project.Name + " has no sources"));
    }

    [Fact]
    public void Run_NoArguments_GatesEveryPortableProjectOfTheRepository()
    {
        var result = new GateRunner(RepositoryRoot).Run([]);

        Assert.Empty(result.UsageErrors);
        var names = result.Projects.Select(project => project.Name).ToList();
        Assert.Contains("IotStack.Protocol", names);
        Assert.Contains("IotStack.Firmware.Core", names);
        Assert.Contains("IotStack.Firmware.Esp32", names);
        Assert.Empty(result.Skipped);
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "IotStack.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("IotStack.sln not found above " + AppContext.BaseDirectory);
    }
}
