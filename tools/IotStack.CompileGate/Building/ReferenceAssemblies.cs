using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace IotStack.CompileGate.Building;

/// <summary>
/// Compiles the reference declarations (ReferenceApi/*.cs, shipped next to the tool) into in-memory assemblies against
/// the real mscorlib, once per run and only when a project asks for them. They carry no code: the gate only needs
/// their metadata so that a missing member or an ambiguous overload fails as it would in the nanoFramework build.
/// </summary>
internal sealed class ReferenceAssemblies
{
    public const string FolderName = "ReferenceApi";

    private readonly MetadataReference _mscorlib;
    private readonly string _folder;
    private readonly Dictionary<string, MetadataReference> _built = new(StringComparer.OrdinalIgnoreCase);

    public ReferenceAssemblies(MetadataReference mscorlib, string? folder = null)
    {
        _mscorlib = mscorlib;
        _folder = folder ?? Path.Combine(AppContext.BaseDirectory, FolderName);
    }

    public MetadataReference Get(ReferencePackage package)
    {
        if (_built.TryGetValue(package.AssemblyName, out var reference))
        {
            return reference;
        }

        var references = new List<MetadataReference> { _mscorlib };
        foreach (var dependency in package.Dependencies)
        {
            references.Add(Get(ReferenceCatalog.Find(dependency)
                ?? throw new InvalidOperationException($"{package.AssemblyName} depends on {dependency}, which is not in the catalog")));
        }

        var trees = new List<SyntaxTree>();
        if (package.SourceFile is not null)
        {
            var path = Path.Combine(_folder, package.SourceFile);
            trees.Add(CSharpSyntaxTree.ParseText(File.ReadAllText(path), new CSharpParseOptions(NanoCompiler.DefaultLanguageVersion), path));
        }

        var compilation = CSharpCompilation.Create(
            package.AssemblyName,
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        if (!emitted.Success)
        {
            throw new InvalidOperationException(
                $"The reference declarations of {package.AssemblyName} do not compile against mscorlib: "
                + string.Join("; ", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        reference = MetadataReference.CreateFromImage(image.ToArray());
        _built[package.AssemblyName] = reference;
        return reference;
    }
}
