namespace IotStack.Gateway.Broker.Access;

/// <summary>Who an MQTT connection is: the gateway (all topics) or one board (its own topics only).</summary>
internal sealed record MqttPrincipal(string? Fleet, string? Device)
{
    public static readonly MqttPrincipal Gateway = new(null, null);

    public bool IsGateway => Device is null;

    public static MqttPrincipal Board(string fleet, string device) => new(fleet, device);
}
