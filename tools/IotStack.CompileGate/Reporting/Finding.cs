namespace IotStack.CompileGate.Reporting;

/// <summary>One compiler error or rule violation, located like a compiler diagnostic so editors and CI can jump to it.</summary>
/// <param name="FilePath">Full path of the source file (empty for project-level findings).</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Id">Compiler id (CS0246) or gate rule id (NF002).</param>
/// <param name="Message">What is wrong and, for rules, why the runtime cannot run it.</param>
/// <param name="IsError">False only for compiler warnings of a project that does not treat warnings as errors.</param>
internal sealed record Finding(string FilePath, int Line, int Column, string Id, string Message, bool IsError = true)
{
    public bool IsRuleViolation => Id.StartsWith("NF", StringComparison.Ordinal);

    public string Format(string workingDirectory)
    {
        var severity = IsError ? "error" : "warning";
        return $"{DisplayPath(FilePath, workingDirectory)}:{Line}:{Column}: {severity} {Id}: {Message}";
    }

    /// <summary>Paths under the working directory print relative to it, as compilers do for project files.</summary>
    public static string DisplayPath(string path, string workingDirectory)
    {
        if (path.Length == 0)
        {
            return path;
        }

        var relative = Path.GetRelativePath(workingDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }
}
