using IotStack.Gateway.Alerts;

namespace IotStack.Gateway.Storage;

internal interface IAlertStore
{
    /// <summary>Inserts (Id = 0, the store assigns it) or updates an alert; returns its id.</summary>
    Task<long> SaveAlertAsync(AlertRecord alert, CancellationToken cancellationToken);

    Task<IReadOnlyList<AlertRecord>> ReadAlertsAsync(AlertQuery query, CancellationToken cancellationToken);

    Task<AlertRecord?> ReadAlertAsync(long id, CancellationToken cancellationToken);
}
