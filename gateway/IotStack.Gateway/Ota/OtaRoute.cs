using System.Buffers;
using IotStack.Gateway.Broker;
using IotStack.Gateway.Cluster;
using IotStack.Gateway.Ingest;
using IotStack.Ota.Delivery;
using IotStack.Protocol;

namespace IotStack.Gateway.Ota;

/// <summary>
/// OTA's share of the gateway's MQTT connection: chunk requests and progress reports go to the chunk server's inbox.
/// Plain subscriptions, not the ingest's shared group: each gateway hosting OTA hears the boards of its fleet, and only
/// the cluster's leader, which runs the rollouts, answers them (one answer per request, progress to the running engine).
/// </summary>
internal sealed class OtaRoute(OtaHostOptions options, OtaInbox inbox, ILeadership leadership) : IMqttRoute
{
    public IReadOnlyList<TopicKind> Kinds => OtaInbox.Kinds;

    public string Fleet => options.Fleet;

    public void Receive(TopicInfo topic, ReadOnlySequence<byte> payload)
    {
        if (leadership.IsLeader)
        {
            inbox.Post(new OtaMessage(topic.Kind, topic.Fleet!, topic.DeviceId!, payload.ToArray()));
        }
    }
}
