using IotStack.Protocol;

namespace IotStack.Gateway.Broker.Access;

/// <summary>
/// Least privilege on topics (docs/security.md): a board publishes only its own board → gateway kinds under
/// <c>iot/{fleet}/{device}/</c> and subscribes only to its own command and OTA offer/chunk topics, by exact name (no
/// wildcard, so never <c>#</c>); commands, thresholds (a command), OTA offers and chunks come only from the gateway.
/// A claim session (<see cref="MqttPrincipal.IsClaim"/>) may only send its claim and read the answer.
/// The same table is written into Mosquitto's ACL (<see cref="MosquittoAccessFiles"/>).
/// </summary>
internal static class TopicPolicy
{
    /// <summary>What a board may publish under its own prefix.</summary>
    public static readonly TopicKind[] BoardPublishes =
        [TopicKind.Telemetry, TopicKind.Finding, TopicKind.Log, TopicKind.Status, TopicKind.CommandReply, TopicKind.OtaRequest, TopicKind.OtaProgress];

    /// <summary>What a board may subscribe to under its own prefix.</summary>
    public static readonly TopicKind[] BoardSubscribes = [TopicKind.Command, TopicKind.OtaOffer, TopicKind.OtaChunk];

    /// <summary>A claim session publishes only its request and reads only the reply, both under its own session id.</summary>
    private static readonly TopicKind[] ClaimPublishes = [TopicKind.ClaimRequest];

    private static readonly TopicKind[] ClaimSubscribes = [TopicKind.ClaimReply];

    public static bool MayPublish(MqttPrincipal who, string topic)
    {
        if (who.IsGateway)
        {
            return true;
        }

        TopicKind kind = DeviceTopics.Parse(topic, out string fleet, out string device);
        return Own(who, fleet, device) && Array.IndexOf(who.IsClaim ? ClaimPublishes : BoardPublishes, kind) >= 0;
    }

    public static bool MaySubscribe(MqttPrincipal who, string filter)
    {
        if (who.IsGateway)
        {
            return true;
        }

        // Parse refuses '+', '#' and '$share' (ids are [A-Za-z0-9_.-]), so a board's filter is always one exact topic.
        TopicKind kind = DeviceTopics.Parse(filter, out string fleet, out string device);
        return Own(who, fleet, device) && Array.IndexOf(who.IsClaim ? ClaimSubscribes : BoardSubscribes, kind) >= 0;
    }

    private static bool Own(MqttPrincipal who, string? fleet, string? device) =>
        string.Equals(fleet, who.Fleet, StringComparison.Ordinal) && string.Equals(device, who.Device, StringComparison.Ordinal);
}
