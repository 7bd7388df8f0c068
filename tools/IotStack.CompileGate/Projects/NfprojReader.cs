using System.Xml.Linq;

namespace IotStack.CompileGate.Projects;

/// <summary>
/// Reads what the gate needs from an .nfproj without MSBuild (the nanoFramework project system is not installed here):
/// Compile items, project and assembly references, and the few properties that change compilation, following
/// imports that resolve to files in the repository (nfproj.props) and skipping those of the nanoFramework SDK.
/// Conditions are ignored: the repository's nfproj files only condition Configuration/Platform defaults.
/// </summary>
internal static class NfprojReader
{
    public static NanoProject Read(string nfprojPath)
    {
        var fullPath = Path.GetFullPath(nfprojPath);
        var directory = Path.GetDirectoryName(fullPath)!;
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var compileItems = new List<(string Include, string? Exclude, string? Remove)>();
        var projectReferences = new List<string>();
        var assemblyReferences = new List<string>();
        var hintPaths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        Load(fullPath, directory, properties, compileItems, projectReferences, assemblyReferences, hintPaths, depth: 0);

        var sources = new List<string>();
        foreach (var (include, exclude, remove) in compileItems)
        {
            if (include.Length > 0)
            {
                sources.AddRange(SourceGlob.Expand(directory, include, exclude));
            }

            if (remove is not null)
            {
                sources.RemoveAll(file => SourceGlob.IsMatch(Path.GetRelativePath(directory, file), remove));
            }
        }

        var name = properties.GetValueOrDefault("AssemblyName") is { Length: > 0 } assemblyName
            ? assemblyName
            : Path.GetFileNameWithoutExtension(fullPath);
        return new NanoProject
        {
            Name = name,
            ProjectPath = fullPath,
            Directory = directory,
            SourceFiles = sources.Distinct(StringComparer.Ordinal).ToList(),
            ProjectReferences = projectReferences,
            AssemblyReferences = assemblyReferences,
            AssemblyHintPaths = hintPaths,
            LangVersion = properties.GetValueOrDefault("LangVersion") is { Length: > 0 } lang ? lang : "default",
            TreatWarningsAsErrors = string.Equals(properties.GetValueOrDefault("TreatWarningsAsErrors"), "true", StringComparison.OrdinalIgnoreCase),
            DefineConstants = (properties.GetValueOrDefault("DefineConstants") ?? string.Empty)
                .Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(symbol => !symbol.StartsWith("$(", StringComparison.Ordinal))
                .ToList(),
        };
    }

    private static void Load(
        string file,
        string projectDirectory,
        Dictionary<string, string> properties,
        List<(string Include, string? Exclude, string? Remove)> compileItems,
        List<string> projectReferences,
        List<string> assemblyReferences,
        Dictionary<string, string> hintPaths,
        int depth)
    {
        var fileDirectory = Path.GetDirectoryName(file)!;
        var document = XDocument.Load(file);
        foreach (var element in document.Root!.Elements())
        {
            switch (element.Name.LocalName)
            {
                case "Import" when depth < 8:
                    var imported = Resolve(element.Attribute("Project")?.Value, fileDirectory, projectDirectory, relativeTo: fileDirectory);
                    if (imported is not null && File.Exists(imported))
                    {
                        Load(imported, projectDirectory, properties, compileItems, projectReferences, assemblyReferences, hintPaths, depth + 1);
                    }

                    break;
                case "PropertyGroup":
                    foreach (var property in element.Elements())
                    {
                        properties[property.Name.LocalName] = property.Value.Trim();
                    }

                    break;
                case "ItemGroup":
                    ReadItems(element, fileDirectory, projectDirectory, compileItems, projectReferences, assemblyReferences, hintPaths);
                    break;
            }
        }
    }

    private static void ReadItems(
        XElement group,
        string fileDirectory,
        string projectDirectory,
        List<(string Include, string? Exclude, string? Remove)> compileItems,
        List<string> projectReferences,
        List<string> assemblyReferences,
        Dictionary<string, string> hintPaths)
    {
        foreach (var item in group.Elements())
        {
            var include = item.Attribute("Include")?.Value;
            switch (item.Name.LocalName)
            {
                case "Compile":
                    compileItems.Add((include ?? string.Empty, item.Attribute("Exclude")?.Value, item.Attribute("Remove")?.Value));
                    break;
                case "ProjectReference" when include is not null:
                    // Item paths are relative to the project, even when the item is declared in an imported file.
                    var referenced = Resolve(include, fileDirectory, projectDirectory, relativeTo: projectDirectory);
                    if (referenced is not null)
                    {
                        projectReferences.Add(referenced);
                    }

                    break;
                case "Reference" when include is not null:
                    // "nanoFramework.Runtime.Events, Version=..., Culture=neutral" names the assembly before the comma.
                    var assemblyName = include.Split(',')[0].Trim();
                    assemblyReferences.Add(assemblyName);
                    if (item.Elements().FirstOrDefault(e => e.Name.LocalName == "HintPath") is { } hint)
                    {
                        hintPaths[assemblyName] = hint.Value.Trim();
                    }

                    break;
            }
        }
    }

    /// <summary>Resolves a path written in MSBuild syntax; null when it depends on properties the gate cannot know.</summary>
    private static string? Resolve(string? path, string fileDirectory, string projectDirectory, string relativeTo)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var expanded = path
            .Replace("$(MSBuildThisFileDirectory)", fileDirectory + "/", StringComparison.OrdinalIgnoreCase)
            .Replace("$(MSBuildProjectDirectory)", projectDirectory, StringComparison.OrdinalIgnoreCase)
            .Replace('\\', '/');
        if (expanded.Contains("$(", StringComparison.Ordinal))
        {
            return null;
        }

        return Path.GetFullPath(Path.IsPathRooted(expanded) ? expanded : Path.Combine(relativeTo, expanded));
    }
}
