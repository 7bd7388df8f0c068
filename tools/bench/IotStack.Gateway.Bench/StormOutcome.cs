namespace IotStack.Bench;

/// <summary>One board of a reconnect storm: when it had its CONNACK (seconds into the storm), after how many attempts, and why its first attempt failed.</summary>
internal readonly record struct StormOutcome(double Seconds, int Attempts, string? FirstFailure);
