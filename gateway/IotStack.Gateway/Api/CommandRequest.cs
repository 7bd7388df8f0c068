namespace IotStack.Gateway.Api;

/// <param name="Kind">ping, reboot, set-sample-period, set-thresholds, read-config, dump-logs.</param>
internal sealed record CommandRequest(string Kind, int Channel = 0, int IntValue = 0, float? Min = null, float? Max = null, float? MaxRatePerSecond = null, float? SigmaK = null, int Window = 0, string? By = null);
