using IotStack.CompileGate.Reporting;
using static IotStack.CompileGate.Tests.FindingAssertions;

namespace IotStack.CompileGate.Tests.Projects;

public sealed class TestProjectNameTests
{
    private const string TestFramework =
        """<Reference Include="nanoFramework.TestFramework"><HintPath>..\packages\nanoFramework.TestFramework.3.0.77\lib\nanoFramework.TestFramework.dll</HintPath></Reference>""";

    [Fact]
    public void Gate_TestProjectNotNamedNFUnitTest_IsReported()
    {
        using var project = new TempProject();
        project.Write("Tests/Tests.nfproj", TempProject.Nfproj("MyLibrary.Tests", TestFramework));
        project.Write("Tests/A.cs", "namespace Tests { internal sealed class A { } }");

        var result = project.Gate("Tests/Tests.nfproj");

        var finding = Assert.Single(result.Findings);
        Assert.Equal("NF000", finding.Id);
        Assert.Contains("NFUnitTest", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gate_TestProjectNamedNFUnitTest_Passes()
    {
        using var project = new TempProject();
        project.Write("Tests/Tests.nfproj", TempProject.Nfproj("NFUnitTest", TestFramework));
        project.Write("Tests/A.cs", "namespace Tests { internal sealed class A { } }");

        var result = project.Gate("Tests/Tests.nfproj");

        Assert.True(result.ExitCode == GateResult.ExitClean, Describe(result));
    }
}
