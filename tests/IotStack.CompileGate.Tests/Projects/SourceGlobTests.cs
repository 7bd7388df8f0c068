using IotStack.CompileGate.Projects;

namespace IotStack.CompileGate.Tests.Projects;

public sealed class SourceGlobTests
{
    [Theory]
    [InlineData("A.cs", "**/*.cs", true)]
    [InlineData("Deep/Er/A.cs", "**\\*.cs", true)]
    [InlineData("A.txt", "**/*.cs", false)]
    [InlineData("obj/Debug/A.cs", "bin/**;obj/**", true)]
    [InlineData("src/obj/A.cs", "bin/**;obj/**", false)]
    [InlineData("Sensors/A.cs", "Sensors/*.cs", true)]
    [InlineData("Sensors/Sub/A.cs", "Sensors/*.cs", false)]
    [InlineData("Sensors/Ab.cs", "Sensors/A?.cs", true)]
    public void IsMatch_MsBuildPattern_MatchesLikeMsBuild(string relativePath, string patterns, bool expected)
    {
        Assert.Equal(expected, SourceGlob.IsMatch(relativePath, patterns));
    }
}
