namespace IotStack.Maintenance.Commands;

/// <summary>A typed argument of a template. <see cref="Option"/> set means it is passed as "--name value" on the CLI; otherwise positional.</summary>
internal sealed record CommandParameter(string Name, ParameterKind Kind, bool Required = true, string? Default = null, int Minimum = 1, int Maximum = 10_000)
{
    public bool Option => !Required;
}
