using IotStack.CompileGate.Building;
using IotStack.CompileGate.Projects;
using IotStack.CompileGate.Reporting;
using IotStack.CompileGate.Rules;
using Microsoft.CodeAnalysis;

namespace IotStack.CompileGate.Cli;

/// <summary>
/// Resolves what to gate (.nfproj files, folders, or every portable .nfproj of the repository), compiles each project
/// after the projects it references, and runs the portability rules over its sources.
/// </summary>
internal sealed class GateRunner
{
    private readonly string _workingDirectory;
    private readonly Dictionary<string, NanoProject> _loaded = new(StringComparer.Ordinal);

    public GateRunner(string workingDirectory)
    {
        _workingDirectory = Path.GetFullPath(workingDirectory);
    }

    public GateResult Run(IReadOnlyList<string> targets)
    {
        var usageErrors = new List<string>();
        var skipped = new List<string>();
        var requested = new List<NanoProject>();

        if (targets.Count == 0)
        {
            var root = FindRepositoryRoot(_workingDirectory);
            if (root is null)
            {
                usageErrors.Add($"no repository root (a folder with .git or a .sln) above {_workingDirectory}; pass a .nfproj or folder");
            }
            else
            {
                AddProjectFiles(ProjectDiscovery.FindProjectFiles(root), requested, skipped);
            }
        }

        foreach (var target in targets)
        {
            var path = Path.GetFullPath(target, _workingDirectory);
            if (File.Exists(path) && path.EndsWith(".nfproj", StringComparison.OrdinalIgnoreCase))
            {
                var project = Load(path);
                var missing = Unavailable(project);
                if (missing.Count > 0)
                {
                    usageErrors.Add($"cannot gate {Display(path)}: it references {string.Join(", ", missing)}, which the gate cannot load");
                }
                else
                {
                    requested.Add(project);
                }
            }
            else if (Directory.Exists(path))
            {
                var projectFiles = ProjectDiscovery.FindProjectFiles(path);
                if (projectFiles.Count == 0)
                {
                    requested.Add(ProjectDiscovery.AdHoc(path));
                }
                else
                {
                    AddProjectFiles(projectFiles, requested, skipped);
                }
            }
            else
            {
                usageErrors.Add($"not an .nfproj file or folder: {target}");
            }
        }

        if (usageErrors.Count == 0 && requested.Count == 0)
        {
            usageErrors.Add("nothing to gate: no portable .nfproj found");
        }

        var mscorlibPath = MscorlibLocator.Locate();
        if (mscorlibPath is null)
        {
            usageErrors.Add("nanoFramework mscorlib.dll not found (restore tools/IotStack.CompileGate); looked in: "
                + string.Join(", ", MscorlibLocator.Candidates()));
        }

        if (usageErrors.Count > 0)
        {
            return new GateResult { UsageErrors = usageErrors, Skipped = skipped };
        }

        return new GateResult { Projects = Gate(requested, new NanoCompiler(mscorlibPath!)), Skipped = skipped };
    }

    private static string? FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, ".git"))
                || File.Exists(Path.Combine(directory.FullName, ".git"))
                || directory.EnumerateFiles("*.sln").Any())
            {
                return directory.FullName;
            }
        }

        return null;
    }

    private static List<Finding> CompilerFindings(IEnumerable<Diagnostic> diagnostics, string projectPath) =>
        diagnostics
            .Where(diagnostic => diagnostic.Severity is DiagnosticSeverity.Error or DiagnosticSeverity.Warning)
            .Select(diagnostic =>
            {
                var span = diagnostic.Location.GetLineSpan();
                var inSource = diagnostic.Location.IsInSource;
                return new Finding(
                    inSource ? span.Path : projectPath,
                    inSource ? span.StartLinePosition.Line + 1 : 1,
                    inSource ? span.StartLinePosition.Character + 1 : 1,
                    diagnostic.Id,
                    diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
                    diagnostic.Severity == DiagnosticSeverity.Error);
            })
            .ToList();

    private void AddProjectFiles(IReadOnlyList<string> projectFiles, List<NanoProject> requested, List<string> skipped)
    {
        foreach (var file in projectFiles)
        {
            var project = Load(file);
            var missing = Unavailable(project);
            if (missing.Count > 0)
            {
                skipped.Add($"{Display(file)}: references {string.Join(", ", missing)} (not available to the gate)");
            }
            else
            {
                requested.Add(project);
            }
        }
    }

    private NanoProject Load(string nfprojPath)
    {
        if (!_loaded.TryGetValue(nfprojPath, out var project))
        {
            project = NfprojReader.Read(nfprojPath);
            _loaded[nfprojPath] = project;
        }

        return project;
    }

    /// <summary>Assembly references the gate cannot satisfy, in the project or any project it references.</summary>
    private List<string> Unavailable(NanoProject project, HashSet<string>? visited = null)
    {
        visited ??= new HashSet<string>(StringComparer.Ordinal);
        var missing = ProjectDiscovery.UnavailableReferences(project).ToList();
        if (!visited.Add(project.ProjectPath))
        {
            return missing;
        }

        foreach (var reference in project.ProjectReferences.Where(File.Exists))
        {
            missing.AddRange(Unavailable(Load(reference), visited));
        }

        return missing.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private List<ProjectReport> Gate(List<NanoProject> requested, NanoCompiler compiler)
    {
        var reports = new List<ProjectReport>();
        var compiled = new Dictionary<string, ProjectCompilation>(StringComparer.Ordinal);
        foreach (var project in requested)
        {
            GateWithReferences(project, compiler, compiled, reports, new HashSet<string>(StringComparer.Ordinal));
        }

        return reports;
    }

    private ProjectCompilation GateWithReferences(
        NanoProject project,
        NanoCompiler compiler,
        Dictionary<string, ProjectCompilation> compiled,
        List<ProjectReport> reports,
        HashSet<string> inProgress)
    {
        if (compiled.TryGetValue(project.ProjectPath, out var done))
        {
            return done;
        }

        var findings = new List<Finding>();
        var references = new List<MetadataReference>();
        inProgress.Add(project.ProjectPath);
        foreach (var referencePath in project.ProjectReferences)
        {
            if (!File.Exists(referencePath))
            {
                findings.Add(new Finding(project.ProjectPath, 1, 1, "NF000", $"referenced project not found: {referencePath}"));
            }
            else if (inProgress.Contains(referencePath))
            {
                findings.Add(new Finding(project.ProjectPath, 1, 1, "NF000", $"project reference cycle through {referencePath}"));
            }
            else
            {
                references.Add(GateWithReferences(Load(referencePath), compiler, compiled, reports, inProgress).Reference);
            }
        }

        inProgress.Remove(project.ProjectPath);
        var compilation = compiler.Compile(project, references);
        findings.AddRange(PackagePins.Check(project));
        findings.AddRange(TestProjectName.Check(project));
        findings.AddRange(CompilerFindings(compilation.Diagnostics, project.ProjectPath));
        foreach (var tree in compilation.Compilation.SyntaxTrees)
        {
            PortabilityWalker.Check(compilation.Compilation.GetSemanticModel(tree), findings);
        }

        compiled[project.ProjectPath] = compilation;
        reports.Add(new ProjectReport
        {
            Name = project.Name,
            ProjectPath = project.ProjectPath,
            FileCount = project.SourceFiles.Count,
            Findings = findings
                .OrderBy(finding => finding.FilePath, StringComparer.Ordinal)
                .ThenBy(finding => finding.Line)
                .ThenBy(finding => finding.Column)
                .ThenBy(finding => finding.Id, StringComparer.Ordinal)
                .ToList(),
            Hints = DeviceBuildHints.For(findings),
        });
        return compilation;
    }

    private string Display(string path) => Finding.DisplayPath(path, _workingDirectory);
}
