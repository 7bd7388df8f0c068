namespace IotStack.Gateway.Broker.Access;

/// <summary>
/// Who an MQTT connection is: the gateway (all topics), one board (its own topics only), or a new board claiming its
/// credential with an enrolment token (<see cref="IsClaim"/>: <see cref="Device"/> is then its claim session id, the
/// client id, and it may touch only that session's claim topics).
/// </summary>
internal sealed record MqttPrincipal(string? Fleet, string? Device, bool IsClaim = false)
{
    public static readonly MqttPrincipal Gateway = new(null, null);

    public bool IsGateway => Device is null;

    public static MqttPrincipal Board(string fleet, string device) => new(fleet, device);

    public static MqttPrincipal Claim(string fleet, string session) => new(fleet, session, IsClaim: true);
}
