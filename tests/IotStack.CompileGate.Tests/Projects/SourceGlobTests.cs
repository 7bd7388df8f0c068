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

    [Fact]
    public void Expand_PatternInASiblingProject_FindsItsFilesButNotItsBuildOutput()
    {
        using var project = new TempProject();
        project.Write("Loader/Program.cs", "");
        string linked = project.Write("Core/Ota/Boot.cs", "");
        project.Write("Core/obj/Debug/Generated.cs", "");
        project.Write("Other/Unrelated.cs", "");

        var files = SourceGlob.Expand(Path.Combine(project.Root, "Loader"), "*.cs;..\\Core\\**\\*.cs", "..\\Core\\obj\\**");

        Assert.Equal([Path.Combine(project.Root, "Core", "Ota", "Boot.cs"), Path.Combine(project.Root, "Loader", "Program.cs")], files);
        Assert.Contains(linked, files);
    }
}
