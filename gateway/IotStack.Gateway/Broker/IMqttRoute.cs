using System.Buffers;
using IotStack.Gateway.Ingest;
using IotStack.Protocol;

namespace IotStack.Gateway.Broker;

/// <summary>
/// A module's share of the gateway's one MQTT connection (<see cref="GatewayMqttClient"/>): the board → gateway kinds
/// it owns besides ingest's, subscribed plainly for <see cref="Fleet"/>, and where their messages go. Called on the
/// receive path, so it must not block; the message is acknowledged when it returns (these kinds are not stored).
/// </summary>
internal interface IMqttRoute
{
    IReadOnlyList<TopicKind> Kinds { get; }

    /// <summary>The fleet whose boards this module answers; "+" (MQTT single-level wildcard) for every fleet.</summary>
    string Fleet { get; }

    /// <param name="payload">Valid only during the call: copy what is kept.</param>
    void Receive(TopicInfo topic, ReadOnlySequence<byte> payload);
}
