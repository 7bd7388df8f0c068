namespace IotStack.Maintenance.Remediation;

/// <summary>An alert as remediation sees it: which rule raised it, for which host and/or device group.</summary>
internal sealed record AlertSignal(string Rule, string? Host = null, string? DeviceGroup = null, string Message = "");
