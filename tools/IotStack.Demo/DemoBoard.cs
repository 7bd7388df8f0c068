using IotStack.Ota.Rollouts;

namespace IotStack.Demo;

/// <summary>
/// One board's row: online as the gateway sees it, the latest values the gateway stored (null: none yet), the
/// firmware the board runs and its place in the rollout (null: not in the campaign, or none started).
/// </summary>
internal sealed record DemoBoard(string Id, bool Online, float? Temperature, float? Humidity, float? Pressure, string Firmware, DeviceStatus? Update);
