namespace IotStack.Maintenance.Health;

/// <summary>
/// Where maintenance reports a dependency that fails (its log store, a tailed host) and recovers, so the host can show
/// it (the gateway's /health). The default only logs; the gateway registers its own.
/// </summary>
internal interface IMaintenanceHealth
{
    void Failed(string dependency, string error);

    void Succeeded(string dependency);
}
