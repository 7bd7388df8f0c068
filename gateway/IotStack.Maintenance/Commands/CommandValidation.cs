namespace IotStack.Maintenance.Commands;

/// <summary>Result of checking a request against the allowlist: a command to run, or the reason it is refused.</summary>
internal sealed class CommandValidation
{
    private CommandValidation(RenderedCommand? command, string refusal)
    {
        Command = command;
        Refusal = refusal;
    }

    public RenderedCommand? Command { get; }

    public string Refusal { get; }

    public bool IsValid => Command is not null;

    public static CommandValidation Valid(RenderedCommand command) => new(command, "");

    public static CommandValidation Refused(string reason) => new(null, reason);
}
