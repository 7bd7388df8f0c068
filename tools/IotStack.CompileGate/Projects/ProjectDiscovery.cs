using IotStack.CompileGate.Building;

namespace IotStack.CompileGate.Projects;

/// <summary>Finds the projects to gate: .nfproj files under a folder, or a folder of loose sources.</summary>
internal static class ProjectDiscovery
{
    /// <summary>
    /// Assembly references the gate can satisfy: the real mscorlib and the packages whose public API is declared in
    /// ReferenceApi/ (see <see cref="ReferenceCatalog"/>). Anything else is not available here.
    /// </summary>
    public static readonly IReadOnlySet<string> AvailableReferences = new HashSet<string>(
        ReferenceCatalog.Packages.Select(package => package.AssemblyName).Append("mscorlib"),
        StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase)
    {
        "bin", "obj", "node_modules", "packages",
    };

    public static IReadOnlyList<string> FindProjectFiles(string root)
    {
        var found = new List<string>();
        Walk(Path.GetFullPath(root), found);
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    /// <summary>A folder without an .nfproj, gated as if an .nfproj compiled its **\*.cs against mscorlib only.</summary>
    public static NanoProject AdHoc(string folder)
    {
        var directory = Path.GetFullPath(folder);
        return new NanoProject
        {
            Name = Path.GetFileName(directory.TrimEnd(Path.DirectorySeparatorChar)),
            ProjectPath = directory,
            Directory = directory,
            SourceFiles = SourceGlob.Expand(directory, "**/*.cs", "bin/**;obj/**"),
            ProjectReferences = [],
            AssemblyReferences = ["mscorlib"],
            TreatWarningsAsErrors = true,
        };
    }

    /// <summary>References that make a project impossible to gate here (empty when it is portable).</summary>
    public static IReadOnlyList<string> UnavailableReferences(NanoProject project) =>
        project.AssemblyReferences.Where(reference => !AvailableReferences.Contains(reference)).ToList();

    private static void Walk(string directory, List<string> found)
    {
        found.AddRange(Directory.EnumerateFiles(directory, "*.nfproj"));
        foreach (var child in Directory.EnumerateDirectories(directory))
        {
            var name = Path.GetFileName(child);
            if (!name.StartsWith('.') && !SkippedFolders.Contains(name))
            {
                Walk(child, found);
            }
        }
    }
}
