using IotStack.Maintenance.Health;

namespace IotStack.Gateway.Resilience;

/// <summary>Maintenance's failing dependencies (its log store, tailed hosts) shown in the gateway's /health and /metrics.</summary>
internal sealed class MaintenanceHealthReport(DependencyHealth health) : IMaintenanceHealth
{
    public void Failed(string dependency, string error) => health.Failed(dependency, error);

    public void Succeeded(string dependency) => health.Succeeded(dependency);
}
