namespace IotStack.Maintenance.FanOut;

/// <summary>A live progress event: one host changed state. Counters are for the whole job at that moment.</summary>
internal sealed record FanOutProgress(Guid JobId, string Host, FanOutHostState State, int Attempt, string Detail, int Finished, int Failed, int Total);
