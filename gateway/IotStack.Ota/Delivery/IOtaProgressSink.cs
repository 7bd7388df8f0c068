using IotStack.Protocol;

namespace IotStack.Ota.Delivery;

/// <summary>Receives every board's OtaProgress (the rollout engine, and anything that wants a timeline of updates).</summary>
internal interface IOtaProgressSink
{
    void OnProgress(string fleet, string device, OtaProgress progress);
}
