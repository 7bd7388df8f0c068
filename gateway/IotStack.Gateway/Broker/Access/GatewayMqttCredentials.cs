using IotStack.Gateway.Options;
using Microsoft.Extensions.Options;

namespace IotStack.Gateway.Broker.Access;

/// <summary>
/// The gateway's own broker identity (<see cref="BrokerOptions.Username"/> and <see cref="BrokerOptions.Password"/>).
/// With the embedded broker and no password configured, a random one is made per process: broker and client live
/// in the same process and nothing else needs it. With an external broker and no password, the gateway connects
/// without credentials (a broker that allows anonymous clients; the shipped Mosquitto settings do not).
/// </summary>
internal sealed class GatewayMqttCredentials
{
    public GatewayMqttCredentials(IOptions<GatewayOptions> options)
    {
        BrokerOptions broker = options.Value.Broker;
        UserName = broker.Username;
        Secret = broker.Password.Length > 0 ? broker.Password
            : broker.Mode == BrokerMode.Embedded ? SecretHash.NewSecret()
            : null;
    }

    public string UserName { get; }

    /// <summary>Null: connect without credentials.</summary>
    public string? Secret { get; }

    public bool Matches(string? userName, string? secret) =>
        Secret is not null && string.Equals(userName, UserName, StringComparison.Ordinal) && secret is not null
        && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(secret), System.Text.Encoding.UTF8.GetBytes(Secret));

    /// <summary>Adds the credentials to a client's options (none when no secret is configured).</summary>
    public MQTTnet.MqttClientOptionsBuilder Apply(MQTTnet.MqttClientOptionsBuilder builder) =>
        Secret is null ? builder : builder.WithCredentials(UserName, Secret);
}
