namespace IotStack.Maintenance.Commands;

/// <summary>A template with validated arguments: <see cref="CommandText"/> is what goes to the exec channel.</summary>
internal sealed record RenderedCommand(CommandTemplate Template, IReadOnlyDictionary<string, string> Arguments, string CommandText)
{
    public string ArgumentsText => string.Join(' ', Arguments.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"));
}
