using IotStack.CompileGate.Building;
using IotStack.CompileGate.Reporting;

namespace IotStack.CompileGate.Projects;

/// <summary>
/// Checks that a project references each declared package at the version its declarations follow, read from the
/// HintPath's restore folder (packages\&lt;id&gt;.&lt;version&gt;\lib\...). Declarations of one version say nothing
/// about another: a bumped package must come with updated declarations.
/// </summary>
internal static class PackagePins
{
    public const string Id = "NF000";

    public static IEnumerable<Finding> Check(NanoProject project)
    {
        foreach (var (assembly, hintPath) in project.AssemblyHintPaths)
        {
            if (ReferenceCatalog.Find(assembly) is not { } package)
            {
                continue;
            }

            var folders = hintPath.Replace('\\', '/').Split('/');
            var prefix = package.PackageId + ".";
            var folder = folders.FirstOrDefault(f => f.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                && f.Length > prefix.Length && char.IsDigit(f[prefix.Length]));
            var pinned = folder?[prefix.Length..];
            if (pinned is not null && pinned != package.Version)
            {
                yield return new Finding(
                    project.ProjectPath, 1, 1, Id,
                    $"{assembly} is referenced at {pinned}, but the gate's declarations follow {package.PackageId} {package.Version} (update tools/IotStack.CompileGate/ReferenceApi and ReferenceCatalog together with the pin)");
            }
        }
    }
}
