namespace IotStack.CompileGate.Projects;

/// <summary>
/// A nanoFramework project as the gate sees it: the sources its .nfproj compiles, what it references and the
/// compiler settings it asks for. A folder without an .nfproj is gated as an ad-hoc project of all its *.cs files.
/// </summary>
internal sealed class NanoProject
{
    public required string Name { get; init; }

    /// <summary>The .nfproj file, or the folder of an ad-hoc project.</summary>
    public required string ProjectPath { get; init; }

    public required string Directory { get; init; }

    public required IReadOnlyList<string> SourceFiles { get; init; }

    /// <summary>Full paths of referenced .nfproj files.</summary>
    public required IReadOnlyList<string> ProjectReferences { get; init; }

    /// <summary>Assembly references by simple name (mscorlib included when the project lists it).</summary>
    public required IReadOnlyList<string> AssemblyReferences { get; init; }

    /// <summary>HintPath of each assembly reference that has one, by simple name (as written, '\' or '/').</summary>
    public IReadOnlyDictionary<string, string> AssemblyHintPaths { get; init; } = new Dictionary<string, string>();

    /// <summary>LangVersion as written in the project or its imports ("default" when absent).</summary>
    public string LangVersion { get; init; } = "default";

    public bool TreatWarningsAsErrors { get; init; }

    public IReadOnlyList<string> DefineConstants { get; init; } = [];
}
