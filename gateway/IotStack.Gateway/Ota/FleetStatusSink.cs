using IotStack.Gateway.Ingest;
using IotStack.Protocol;

namespace IotStack.Gateway.Ota;

/// <summary>
/// OTA's sibling sink on the one status path: each board status the ingest writer decodes (and device state records)
/// also reaches the fleet view, which counts reboots for the soak gate. Only the OTA fleet's boards, as before.
/// </summary>
internal sealed class FleetStatusSink(GatewayFleetView fleet, OtaHostOptions options) : IIngestSink
{
    public ValueTask OnStatusAsync(TopicInfo topic, StatusReport status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (options.Fleet == "+" || string.Equals(options.Fleet, topic.Fleet, StringComparison.Ordinal))
        {
            fleet.OnStatus(topic.Fleet!, topic.DeviceId!, status);
        }

        return ValueTask.CompletedTask;
    }
}
