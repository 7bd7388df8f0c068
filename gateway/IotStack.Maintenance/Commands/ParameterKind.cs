namespace IotStack.Maintenance.Commands;

internal enum ParameterKind
{
    /// <summary>A systemd unit name (systemd.unit(5) "Description": ASCII letters, digits, ":-_.\@"; we drop "\" too).</summary>
    UnitName,

    /// <summary>A decimal count within <see cref="CommandParameter.Minimum"/>..<see cref="CommandParameter.Maximum"/>.</summary>
    Count,

    /// <summary>An absolute file path under one of the configured tail roots.</summary>
    FilePath,
}
