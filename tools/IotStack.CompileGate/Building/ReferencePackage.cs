namespace IotStack.CompileGate.Building;

/// <summary>
/// One nanoFramework assembly the gate can compile against: written-here, reference-only declarations of its public
/// API (ReferenceApi/&lt;assembly&gt;.cs) at the package version the repository pins.
/// </summary>
/// <param name="AssemblyName">The name an .nfproj Reference uses.</param>
/// <param name="PackageId">The NuGet package that ships it.</param>
/// <param name="Version">The version the declarations were written from (the one packages.config pins).</param>
/// <param name="Dependencies">Assemblies its declarations name types from (mscorlib implied).</param>
internal sealed record ReferencePackage(string AssemblyName, string PackageId, string Version, string[] Dependencies)
{
    /// <summary>The declarations file, or null for an assembly whose API nothing here may use (declared empty).</summary>
    public string? SourceFile { get; init; } = AssemblyName + ".cs";
}
