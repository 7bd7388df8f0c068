using System.Text;
using System.Text.RegularExpressions;

namespace IotStack.CompileGate.Projects;

/// <summary>
/// The subset of MSBuild item globbing that .nfproj files use: <c>**</c> for any folders, <c>*</c> and <c>?</c> inside
/// one path segment, several patterns separated by ';', back or forward slashes, and leading <c>..\</c> segments for
/// sources linked from a sibling project.
/// </summary>
internal static class SourceGlob
{
    public static IReadOnlyList<string> Expand(string baseDirectory, string include, string? exclude)
    {
        var includePatterns = Split(include);
        var includes = includePatterns.Select(ToRegex).ToList();
        var excludes = Split(exclude).Select(ToRegex).ToList();
        var root = baseDirectory;
        for (var up = includePatterns.Select(LeadingParents).DefaultIfEmpty(0).Max(); up > 0 && Path.GetDirectoryName(root) is { } parent; up--)
        {
            root = parent;
        }

        var candidates = Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            : [];
        var result = new List<string>();
        foreach (var file in candidates)
        {
            var relative = Path.GetRelativePath(baseDirectory, file).Replace('\\', '/');
            if (includes.Any(regex => regex.IsMatch(relative)) && !excludes.Any(regex => regex.IsMatch(relative)))
            {
                result.Add(Path.GetFullPath(file));
            }
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }

    public static bool IsMatch(string relativePath, string patterns) =>
        Split(patterns).Any(pattern => ToRegex(pattern).IsMatch(relativePath.Replace('\\', '/')));

    private static int LeadingParents(string pattern)
    {
        var count = 0;
        while (pattern.AsSpan(count * 3).StartsWith("../", StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static List<string> Split(string? patterns) =>
        (patterns ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pattern => pattern.Replace('\\', '/'))
            .Select(pattern => pattern.StartsWith("./", StringComparison.Ordinal) ? pattern[2..] : pattern)
            .Where(pattern => pattern.Length > 0)
            .ToList();

    private static Regex ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" matches zero or more whole folders; a trailing "**" matches everything below.
                var followedBySlash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(followedBySlash ? "(?:.*/)?" : ".*");
                i += followedBySlash ? 2 : 1;
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }
}
