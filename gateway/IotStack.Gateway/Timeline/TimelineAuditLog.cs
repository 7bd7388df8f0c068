using IotStack.Gateway.Resilience;
using IotStack.Maintenance.Audit;
using IotStack.Maintenance.Commands;
using Microsoft.Extensions.Logging;

namespace IotStack.Gateway.Timeline;

/// <summary>
/// The maintenance audit log, also writing each remote action to the incident timeline of the host it ran on, so an
/// operator sees "restart-service ran, exit 0" next to the alerts that led to it. The audit row is the record;
/// a failed timeline write is logged and does not fail the command.
/// </summary>
internal sealed class TimelineAuditLog(IAuditLog inner, ITimeline timeline, ILogger<TimelineAuditLog> logger, DependencyHealth? health = null) : IAuditLog
{
    /// <summary>How /health names the timeline while its writes fail.</summary>
    public const string Dependency = "store:timeline";

    public async Task<long> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        long id = await inner.AppendAsync(entry, cancellationToken).ConfigureAwait(false);
        string summary = $"{entry.Template} {entry.Arguments}".TrimEnd() + $": {entry.Status}" + (entry.ExitCode is { } code ? $" (exit {code})" : "");
        string detail = $"requested by {entry.RequestedBy}{(entry.Automatic ? " (automatic)" : "")}; audit #{id}"
            + (entry.Status == CommandStatus.Succeeded || entry.Error.Length == 0 ? "" : $"; {entry.Error}");
        try
        {
            await timeline.AppendAsync(new TimelineEvent(entry.Host, entry.At, TimelineKinds.Maintenance, "maintenance", summary, detail), cancellationToken).ConfigureAwait(false);
            health?.Succeeded(Dependency);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            health?.Failed(Dependency, FailureClassifier.Describe(ex));
            logger.LogWarning(ex, "Could not add audit #{Id} to the timeline of {Host}", id, entry.Host);
        }

        return id;
    }

    public Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);
}
