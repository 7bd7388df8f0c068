using IotStack.CompileGate.Projects;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace IotStack.CompileGate.Building;

/// <summary>
/// Compiles a project the way the nanoFramework toolchain does: its sources only, against nanoFramework's mscorlib
/// only (no reference assemblies, no implicit usings, nullable off, unsafe off), with NANOFRAMEWORK_1_0 defined as the
/// nanoFramework project system defines it. The assembly is emitted to memory so lowering-time errors (missing
/// compiler-required members such as the ones string interpolation or async need) surface too.
/// </summary>
internal sealed class NanoCompiler
{
    /// <summary>
    /// What "default"/"latest" in an .nfproj means here. nfproj.props asks for "default", which the Visual Studio 2022
    /// compiler the nanoFramework extension runs in resolves to C# 12 or 13 depending on the VS update; pinning the
    /// older keeps code that passes the gate compilable on every supported toolchain. Runtime-dependent features
    /// (generics, async, records, ...) are rejected by the gate's rules, not by the language version.
    /// </summary>
    public const LanguageVersion DefaultLanguageVersion = LanguageVersion.CSharp12;

    public const string NanoFrameworkSymbol = "NANOFRAMEWORK_1_0";

    private readonly MetadataReference _mscorlib;
    private readonly ReferenceAssemblies _packages;

    public NanoCompiler(string mscorlibPath, string? referenceApiFolder = null)
    {
        _mscorlib = MetadataReference.CreateFromFile(mscorlibPath);
        _packages = new ReferenceAssemblies(_mscorlib, referenceApiFolder);
    }

    public ProjectCompilation Compile(NanoProject project, IReadOnlyList<MetadataReference> projectReferences)
    {
        var parseOptions = ParseOptionsFor(project);
        var trees = project.SourceFiles
            .AsParallel()
            .AsOrdered()
            .Select(file => CSharpSyntaxTree.ParseText(
                Microsoft.CodeAnalysis.Text.SourceText.From(File.ReadAllText(file), System.Text.Encoding.UTF8),
                parseOptions,
                file))
            .ToList();

        // Only what the project lists, as the nanoFramework build does: a type from an assembly the project does not
        // reference fails here too, even when a referenced package uses it.
        var references = new List<MetadataReference> { _mscorlib };
        foreach (var name in project.AssemblyReferences)
        {
            if (ReferenceCatalog.Find(name) is { } package)
            {
                references.Add(_packages.Get(package));
            }
        }

        references.AddRange(projectReferences);

        var compilation = CSharpCompilation.Create(project.Name, trees, references, OptionsFor(project));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        var reference = emitted.Success
            ? (MetadataReference)MetadataReference.CreateFromImage(image.ToArray())
            : compilation.ToMetadataReference();
        return new ProjectCompilation(compilation, emitted.Diagnostics, reference);
    }

    public static CSharpParseOptions ParseOptionsFor(NanoProject project)
    {
        var languageVersion = LanguageVersionFacts.TryParse(project.LangVersion, out var parsed)
            ? parsed.MapSpecifiedToEffectiveVersion()
            : DefaultLanguageVersion;
        if (languageVersion > DefaultLanguageVersion || IsUnpinned(project.LangVersion))
        {
            languageVersion = DefaultLanguageVersion;
        }

        return new CSharpParseOptions(
            languageVersion,
            DocumentationMode.Parse,
            SourceCodeKind.Regular,
            project.DefineConstants.Append(NanoFrameworkSymbol).Distinct());
    }

    private static bool IsUnpinned(string langVersion) =>
        langVersion.Equals("default", StringComparison.OrdinalIgnoreCase)
        || langVersion.Equals("latest", StringComparison.OrdinalIgnoreCase)
        || langVersion.Equals("latestmajor", StringComparison.OrdinalIgnoreCase)
        || langVersion.Equals("preview", StringComparison.OrdinalIgnoreCase);

    private static CSharpCompilationOptions OptionsFor(NanoProject project) =>
        new(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Disable,
            allowUnsafe: false,
            warningLevel: 4,
            generalDiagnosticOption: project.TreatWarningsAsErrors ? ReportDiagnostic.Error : ReportDiagnostic.Default,
            deterministic: true,
            concurrentBuild: true);
}
