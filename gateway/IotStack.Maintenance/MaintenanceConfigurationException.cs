namespace IotStack.Maintenance;

/// <summary>The Maintenance configuration section is inconsistent (a bug in deployment, not a runtime outcome).</summary>
internal sealed class MaintenanceConfigurationException(string message) : Exception(message);
