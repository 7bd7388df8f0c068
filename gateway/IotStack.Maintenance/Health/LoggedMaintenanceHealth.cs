namespace IotStack.Maintenance.Health;

/// <summary>The default <see cref="IMaintenanceHealth"/>: failures are already logged where they happen.</summary>
internal sealed class LoggedMaintenanceHealth : IMaintenanceHealth
{
    public void Failed(string dependency, string error)
    {
    }

    public void Succeeded(string dependency)
    {
    }
}
