namespace IotStack.Ota.Rollouts;

/// <summary>Health of a set of boards over a window, as rates so groups of different sizes compare.</summary>
/// <param name="AnomalyRate">Findings per device-hour.</param>
/// <param name="RebootsPerDevice">Reboots per device in the window.</param>
/// <param name="HeartbeatLoss">Fraction of devices that missed heartbeats in the window.</param>
/// <param name="ErrorLogRate">Error-or-worse log records per device-hour.</param>
internal readonly record struct HealthSnapshot(int Devices, double AnomalyRate, double RebootsPerDevice, double HeartbeatLoss, double ErrorLogRate);
