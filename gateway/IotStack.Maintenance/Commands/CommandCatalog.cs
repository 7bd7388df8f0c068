using System.Globalization;
using System.Text.RegularExpressions;

namespace IotStack.Maintenance.Commands;

/// <summary>
/// The allowlist. Anything not here, or any argument that does not fit its type, is refused before a connection is
/// opened. Arguments are checked by whitelisting characters (never by looking for bad ones) and then single-quoted.
/// </summary>
internal sealed partial class CommandCatalog
{
    public const int MaxArgumentLength = 255;

    private readonly Dictionary<string, CommandTemplate> _templates;
    private readonly IReadOnlyList<string> _tailRoots;

    public CommandCatalog(IEnumerable<string> tailRoots)
        : this(BuiltIn(), tailRoots)
    {
    }

    public CommandCatalog(IEnumerable<CommandTemplate> templates, IEnumerable<string> tailRoots)
    {
        _templates = templates.ToDictionary(t => t.Name, StringComparer.Ordinal);
        _tailRoots = tailRoots.Select(r => r.TrimEnd('/')).Where(r => r.Length > 0 && IsSafePath(r)).ToList();
    }

    public IReadOnlyCollection<CommandTemplate> Templates => _templates.Values;

    public CommandTemplate? Find(string name) => _templates.GetValueOrDefault(name);

    public static IReadOnlyList<CommandTemplate> BuiltIn() =>
    [
        new("restart-service", "Restart a systemd unit.", Sudo: true, ["systemctl", "restart", "{unit}"],
            [new("unit", ParameterKind.UnitName)]),
        new("service-status", "Show the state of a systemd unit.", Sudo: false, ["systemctl", "status", "--no-pager", "{unit}"],
            [new("unit", ParameterKind.UnitName)]),
        new("journal", "Last lines of a unit's journal (short-iso timestamps).", Sudo: false,
            ["journalctl", "-u", "{unit}", "-n", "{lines}", "--no-pager", "-o", "short-iso"],
            [new("unit", ParameterKind.UnitName), new("lines", ParameterKind.Count, Required: false, Default: "100")]),
        new("reboot", "Reboot the host.", Sudo: true, ["systemctl", "reboot"], [], Idempotent: false),
        new("disk-usage", "File system usage in KiB (POSIX format).", Sudo: false, ["df", "-P", "-k"], []),
        new("tail-file", "Last lines of a log file under an allowed root.", Sudo: false, ["tail", "-n", "{lines}", "--", "{path}"],
            [new("path", ParameterKind.FilePath), new("lines", ParameterKind.Count, Required: false, Default: "100")]),
    ];

    /// <summary>Parses CLI-style words: positional values fill required parameters in order, "--name value" fills options.</summary>
    public CommandValidation Validate(string templateName, IReadOnlyList<string> words)
    {
        if (Find(templateName) is not { } template)
        {
            return UnknownTemplate(templateName);
        }

        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        var positional = template.Parameters.Where(p => !p.Option).ToList();
        var next = 0;
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (word.StartsWith("--", StringComparison.Ordinal) && template.Parameter(word[2..]) is { Option: true } option)
            {
                if (i + 1 >= words.Count)
                {
                    return CommandValidation.Refused($"--{option.Name} needs a value.");
                }

                arguments[option.Name] = words[++i];
            }
            else if (next < positional.Count)
            {
                arguments[positional[next++].Name] = word;
            }
            else
            {
                return CommandValidation.Refused($"Unexpected argument '{Printable(word)}'. Usage: {template.Usage}");
            }
        }

        return Validate(templateName, arguments);
    }

    public CommandValidation Validate(string templateName, IReadOnlyDictionary<string, string> arguments)
    {
        if (Find(templateName) is not { } template)
        {
            return UnknownTemplate(templateName);
        }

        foreach (var name in arguments.Keys)
        {
            if (template.Parameter(name) is null)
            {
                return CommandValidation.Refused($"'{templateName}' takes no argument '{Printable(name)}'. Usage: {template.Usage}");
            }
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in template.Parameters)
        {
            if (!arguments.TryGetValue(parameter.Name, out var value))
            {
                if (parameter.Default is null)
                {
                    return CommandValidation.Refused($"'{templateName}' needs <{parameter.Name}>. Usage: {template.Usage}");
                }

                value = parameter.Default;
            }

            if (Check(parameter, value) is { } problem)
            {
                return CommandValidation.Refused($"Argument {parameter.Name} of '{templateName}' refused: {problem}");
            }

            values[parameter.Name] = value;
        }

        return CommandValidation.Valid(new RenderedCommand(template, values, Render(template, values)));
    }

    private string? Check(CommandParameter parameter, string value)
    {
        if (value.Length == 0)
        {
            return "empty.";
        }

        if (value.Length > MaxArgumentLength)
        {
            return $"longer than {MaxArgumentLength} characters.";
        }

        switch (parameter.Kind)
        {
            case ParameterKind.UnitName:
                // A leading '-' would be read as an option by systemctl/journalctl (option injection).
                return UnitNamePattern().IsMatch(value) ? null : $"'{Printable(value)}' is not a unit name (letters, digits, ':-_.@'; must not start with '-').";
            case ParameterKind.Count:
                return CountPattern().IsMatch(value)
                    && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                    && count >= parameter.Minimum && count <= parameter.Maximum
                        ? null
                        : $"'{Printable(value)}' is not a whole number from {parameter.Minimum} to {parameter.Maximum}.";
            case ParameterKind.FilePath:
                if (!IsSafePath(value))
                {
                    return $"'{Printable(value)}' is not an absolute path of letters, digits and '._-/' without '.', '..' or empty segments.";
                }

                return _tailRoots.Any(root => value.StartsWith(root + "/", StringComparison.Ordinal))
                    ? null
                    : $"'{value}' is outside the allowed roots ({string.Join(", ", _tailRoots)}).";
            default:
                throw new InvalidOperationException($"Unhandled parameter kind {parameter.Kind}.");
        }
    }

    private static bool IsSafePath(string path) =>
        path.Length <= MaxArgumentLength
        && PathPattern().IsMatch(path)
        && path[1..].Split('/').All(segment => segment.Length > 0 && segment != "." && segment != "..");

    private static string Render(CommandTemplate template, IReadOnlyDictionary<string, string> values)
    {
        var words = template.Words.Select(word =>
            word.Length > 2 && word[0] == '{' && word[^1] == '}'
                ? "'" + values[word[1..^1]] + "'" // validated values contain no quote; quoting is defence in depth
                : word);
        return (template.Sudo ? "sudo -n " : "") + string.Join(' ', words);
    }

    private CommandValidation UnknownTemplate(string name) =>
        CommandValidation.Refused($"'{Printable(name)}' is not an allowlisted command. Allowed: {string.Join(", ", _templates.Keys.Order(StringComparer.Ordinal))}.");

    // Refusal messages end up in logs and terminals: never echo control characters back.
    private static string Printable(string value)
    {
        var shown = value.Length > 80 ? value[..80] + "…" : value;
        return string.Concat(shown.Select(c => char.IsControl(c) ? '?' : c));
    }

    [GeneratedRegex("^[A-Za-z0-9_.@:][A-Za-z0-9_.@:-]*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex UnitNamePattern();

    [GeneratedRegex("^[0-9]{1,6}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex CountPattern();

    [GeneratedRegex("^/[A-Za-z0-9._/-]+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex PathPattern();
}
