using IotStack.Maintenance.Commands;

namespace IotStack.Maintenance.Audit;

/// <summary>Filters are combined with AND; null means "any". Newest first.</summary>
internal sealed record AuditQuery(
    string? Host = null,
    string? RequestedBy = null,
    string? Template = null,
    CommandStatus? Status = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    bool? Automatic = null,
    int Limit = 100);
