namespace IotStack.Gateway.Storage;

/// <summary>Everything the gateway keeps. Two implementations: SQLite (default, WAL) and PostgreSQL.</summary>
internal interface IGatewayStore : ITelemetryStore, IDeviceStore, IAlertStore, ITimelineStore, IDetectorStateStore, IAsyncDisposable
{
    /// <summary>Creates the schema if missing. Called once at start.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);
}
