using IotStack.CompileGate.Projects;

namespace IotStack.CompileGate.Tests.Projects;

public sealed class NfprojReaderTests
{
    [Fact]
    public void Read_ProjectImportingSharedProps_TakesPropertiesReferencesAndGlobbedSources()
    {
        using var project = new TempProject();
        project.Write("shared.props", """
            <Project>
              <PropertyGroup>
                <LangVersion>9.0</LangVersion>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
            </Project>
            """);
        project.Write("src/Core/Core.nfproj", """
            <?xml version="1.0" encoding="utf-8"?>
            <Project ToolsVersion="15.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
              <Import Project="$(NanoFrameworkProjectSystemPath)NFProjectSystem.props" />
              <Import Project="$(MSBuildThisFileDirectory)..\..\shared.props" />
              <PropertyGroup>
                <AssemblyName>Acme.Core</AssemblyName>
                <DefineConstants>BOARD_A;$(DefineConstants)</DefineConstants>
              </PropertyGroup>
              <ItemGroup>
                <Compile Include="**\*.cs" Exclude="bin\**;obj\**" />
                <Compile Remove="Legacy\**" />
              </ItemGroup>
              <ItemGroup>
                <Reference Include="mscorlib, Version=1.17.11.0, Culture=neutral"><HintPath>x</HintPath></Reference>
                <ProjectReference Include="..\Protocol\Protocol.nfproj" />
              </ItemGroup>
            </Project>
            """);
        var kept = project.Write("src/Core/Sensors/Probe.cs", "");
        var top = project.Write("src/Core/Main.cs", "");
        project.Write("src/Core/Legacy/Old.cs", "");
        project.Write("src/Core/obj/Debug/Gen.cs", "");
        project.Write("src/Core/Notes.txt", "");

        var read = NfprojReader.Read(Path.Combine(project.Root, "src/Core/Core.nfproj"));

        Assert.Equal("Acme.Core", read.Name);
        Assert.Equal("9.0", read.LangVersion);
        Assert.True(read.TreatWarningsAsErrors);
        Assert.Equal(["BOARD_A"], read.DefineConstants);
        Assert.Equal(new[] { top, kept }.Order(StringComparer.Ordinal), read.SourceFiles);
        Assert.Equal(["mscorlib"], read.AssemblyReferences);
        Assert.Equal(Path.Combine(project.Root, "src", "Protocol", "Protocol.nfproj"), Assert.Single(read.ProjectReferences));
    }
}
