using System.Diagnostics;
using IotStack.Maintenance.Audit;
using IotStack.Maintenance.Connections;
using IotStack.Maintenance.Hosts;
using Microsoft.Extensions.Logging;

namespace IotStack.Maintenance.Commands;

/// <summary>
/// Runs one allowlisted template on one host: validate (before any connection), lease a pooled session, execute with a
/// timeout, cap output, audit. Every request, refused ones included, leaves an audit row.
/// </summary>
internal sealed class HostCommandRunner(
    HostInventory inventory,
    CommandCatalog catalog,
    SshConnectionPool pool,
    IAuditLog audit,
    MaintenanceOptions options,
    TimeProvider time,
    ILogger<HostCommandRunner> logger)
{
    /// <summary>Requesters with this prefix are automatic actions (remediation); the audit marks them.</summary>
    public const string AutomaticPrefix = "auto:";

    public CommandCatalog Catalog => catalog;

    public HostInventory Inventory => inventory;

    public Task<CommandOutcome> RunAsync(string hostName, string templateName, IReadOnlyDictionary<string, string> arguments, string requestedBy, CancellationToken cancellationToken)
    {
        if (inventory.Find(hostName) is { } host)
        {
            return RunAsync(host, templateName, arguments, requestedBy, cancellationToken);
        }

        var refused = Refusal(hostName, templateName, CommandStatus.UnknownHost, $"'{hostName}' is not in the host inventory.");
        return AuditAsync(refused, "", "", requestedBy);
    }

    public Task<CommandOutcome> RunAsync(HostOptions host, string templateName, IReadOnlyDictionary<string, string> arguments, string requestedBy, CancellationToken cancellationToken)
    {
        var validation = catalog.Validate(templateName, arguments);
        if (validation.Command is not { } command)
        {
            logger.LogWarning("Refused {Template} on {Host} for {RequestedBy}: {Reason}", templateName, host.Name, requestedBy, validation.Refusal);
            return AuditAsync(Refusal(host.Name, templateName, CommandStatus.Refused, validation.Refusal), string.Join(' ', arguments.Select(a => $"{a.Key}={a.Value}")), "", requestedBy);
        }

        return RunAsync(host, command, requestedBy, options.CommandTimeout, cancellationToken);
    }

    /// <summary>Runs an already validated command (fan-out validates once for all hosts).</summary>
    public async Task<CommandOutcome> RunAsync(HostOptions host, RenderedCommand command, string requestedBy, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var progress = new RunProgress();
        CommandOutcome outcome;
        try
        {
            outcome = await ExecuteAsync(host, command, progress, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            outcome = cancellationToken.IsCancellationRequested
                ? Refusal(host.Name, command.Template.Name, CommandStatus.Cancelled, "Cancelled by the caller.")
                : Refusal(host.Name, command.Template.Name, CommandStatus.TimedOut,
                    progress.Sent ? $"'{host.Name}' did not finish the command within {timeout.TotalSeconds:0.#} s." : $"No SSH session with '{host.Name}' within {timeout.TotalSeconds:0.#} s.");
            outcome = outcome with { CommandSent = progress.Sent };
        }

        outcome = outcome with { Duration = Stopwatch.GetElapsedTime(started) };
        logger.LogInformation("{Template} on {Host} for {RequestedBy}: {Status} exit {ExitCode} in {DurationMs} ms",
            command.Template.Name, host.Name, requestedBy, outcome.Status, outcome.ExitCode, (long)outcome.Duration.TotalMilliseconds);
        return await AuditAsync(outcome, command.ArgumentsText, command.CommandText, requestedBy).ConfigureAwait(false);
    }

    /// <summary>Records a refused fan-out or API request that never reached a single host (the target itself was unknown or the template refused).</summary>
    public Task<CommandOutcome> AuditRefusalAsync(string target, string templateName, IReadOnlyDictionary<string, string> arguments, string reason, string requestedBy) =>
        AuditAsync(Refusal(target, templateName, CommandStatus.Refused, reason), string.Join(' ', arguments.Select(a => $"{a.Key}={a.Value}")), "", requestedBy);

    private async Task<CommandOutcome> ExecuteAsync(HostOptions host, RenderedCommand command, RunProgress progress, CancellationToken cancellationToken)
    {
        var leased = await pool.LeaseAsync(host, cancellationToken).ConfigureAwait(false);
        if (leased.Lease is not { } lease)
        {
            return Refusal(host.Name, command.Template.Name, leased.Failure, leased.Message);
        }

        using (lease)
        {
            try
            {
                progress.Sent = true;
                var result = await lease.Session.ExecuteAsync(command.CommandText, options.MaxOutputChars, cancellationToken).ConfigureAwait(false);
                var status = result.ExitCode == 0 ? CommandStatus.Succeeded : CommandStatus.NonZeroExit;
                var message = result.ExitCode is null ? "The host sent no exit status." : result.Truncated ? "Output truncated." : "";
                return new CommandOutcome(host.Name, command.Template.Name, status, result.ExitCode, result.Output, result.Error, TimeSpan.Zero, message, lease.Reused, CommandSent: true);
            }
            catch (SshSessionLostException ex)
            {
                lease.MarkBroken();
                return Refusal(host.Name, command.Template.Name, CommandStatus.ConnectionLost, $"Connection to '{host.Name}' was lost: {ex.Message}") with { CommandSent = true };
            }
            catch (OperationCanceledException)
            {
                // The channel may still be open on the server side; do not hand this session to the next caller.
                lease.MarkBroken();
                throw;
            }
        }
    }

    private async Task<CommandOutcome> AuditAsync(CommandOutcome outcome, string arguments, string commandText, string requestedBy)
    {
        var entry = new AuditEntry(time.GetUtcNow(), requestedBy, outcome.Host, outcome.Template, arguments, commandText, outcome.Status,
            outcome.ExitCode, outcome.Duration, outcome.Output, outcome.Error.Length > 0 ? outcome.Error : outcome.Message,
            requestedBy.StartsWith(AutomaticPrefix, StringComparison.Ordinal));

        // The audit row is written even when the caller gave up: what happened on the host must be on record.
        var id = await audit.AppendAsync(entry, CancellationToken.None).ConfigureAwait(false);
        return outcome with { AuditId = id };
    }

    private static CommandOutcome Refusal(string host, string template, CommandStatus status, string message) =>
        new(host, template, status, null, "", "", TimeSpan.Zero, message);

    private sealed class RunProgress
    {
        public bool Sent { get; set; }
    }
}
