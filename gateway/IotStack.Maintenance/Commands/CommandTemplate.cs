namespace IotStack.Maintenance.Commands;

/// <summary>
/// An allowlisted command. <see cref="Words"/> are literal words or "{parameter}" placeholders; each placeholder becomes
/// exactly one shell word (validated, then single-quoted), so an argument can never add a command.
/// </summary>
/// <param name="Idempotent">Running it twice does no harm, so a fan-out may retry it after a lost connection (never true for reboot).</param>
internal sealed record CommandTemplate(string Name, string Description, bool Sudo, IReadOnlyList<string> Words, IReadOnlyList<CommandParameter> Parameters, bool Idempotent = true)
{
    public CommandParameter? Parameter(string name) => Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    public string Usage => Name + string.Concat(Parameters.Select(p => p.Option ? $" [--{p.Name} N]" : $" <{p.Name}>"));
}
