namespace IotStack.Maintenance.Audit;

internal interface IAuditLog
{
    Task<long> AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken);
}
