namespace IotStack.Ota.Rollouts;

/// <summary>
/// Health inputs for the soak gate, implemented by the gateway from its timeline (findings, status
/// reports, logs). The engine compares updated boards with boards not yet updated over the same window.
/// </summary>
internal interface IFleetHealth
{
    HealthSnapshot Measure(IReadOnlyCollection<DeviceRef> devices, DateTimeOffset from, DateTimeOffset to);
}
