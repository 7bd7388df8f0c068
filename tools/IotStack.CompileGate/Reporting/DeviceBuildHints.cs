namespace IotStack.CompileGate.Reporting;

/// <summary>
/// Explains compiler errors that only the device build hits because an .nfproj is an old-style MSBuild project:
/// the same sources compile on the host through an SDK-style .csproj that does more implicitly.
/// </summary>
internal static class DeviceBuildHints
{
    public static IReadOnlyList<string> For(IEnumerable<Finding> findings)
    {
        var errors = findings.Where(finding => finding.IsError).ToList();
        var ids = errors.Select(finding => finding.Id).ToHashSet(StringComparer.Ordinal);
        var hints = new List<string>();

        // CS0234 on a project namespace (not System.*, which is mscorlib lacking an API) means a missing reference.
        var missingProjectNamespace = errors.Any(finding =>
            finding.Id == "CS0234" && !finding.Message.Contains("namespace 'System", StringComparison.Ordinal));
        if (ids.Contains("CS0012") || missingProjectNamespace)
        {
            hints.Add("an .nfproj sees only the projects it references directly (old-style MSBuild does not pass "
                + "references of references to the compiler): add a ProjectReference to every .nfproj whose types the sources name");
        }

        if (ids.Contains("CS0122") || ids.Contains("CS0117"))
        {
            hints.Add("<InternalsVisibleTo> items of a .csproj do not apply to its .nfproj: declare "
                + "[assembly: InternalsVisibleTo(\"...\")] in a source file (under #if NANOFRAMEWORK_1_0) or test only public members");
        }

        return hints;
    }
}
