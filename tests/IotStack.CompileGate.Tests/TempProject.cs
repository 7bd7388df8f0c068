using IotStack.CompileGate.Cli;
using IotStack.CompileGate.Reporting;

namespace IotStack.CompileGate.Tests;

/// <summary>A throw-away folder of sources (and optionally .nfproj files) for the gate to check.</summary>
internal sealed class TempProject : IDisposable
{
    public TempProject()
    {
        Root = Path.Combine(Path.GetTempPath(), "compile-gate-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public static string Nfproj(string assemblyName, string extraItems = "", string extraProperties = "") => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <Project ToolsVersion="15.0" DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
          <PropertyGroup Label="Globals">
            <NanoFrameworkProjectSystemPath>$(MSBuildExtensionsPath)\nanoFramework\v1.0\</NanoFrameworkProjectSystemPath>
          </PropertyGroup>
          <Import Project="$(NanoFrameworkProjectSystemPath)NFProjectSystem.Default.props" Condition="Exists('$(NanoFrameworkProjectSystemPath)NFProjectSystem.Default.props')" />
          <PropertyGroup>
            <AssemblyName>{assemblyName}</AssemblyName>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            {extraProperties}
          </PropertyGroup>
          <ItemGroup>
            <Compile Include="**\*.cs" Exclude="bin\**;obj\**" />
          </ItemGroup>
          <ItemGroup>
            <Reference Include="mscorlib">
              <HintPath>..\packages\nanoFramework.CoreLibrary.1.17.11\lib\mscorlib.dll</HintPath>
            </Reference>
            {extraItems}
          </ItemGroup>
        </Project>
        """;

    /// <summary>Writes a file (path relative to the root, '/' separated) and returns its full path.</summary>
    public string Write(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public GateResult Gate(params string[] relativeTargets) =>
        new GateRunner(Root).Run(relativeTargets.Length == 0 ? ["."] : relativeTargets);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test over cleanup.
        }
    }
}
