namespace IotStack.Gateway.Options;

internal sealed class BrokerOptions
{
    public BrokerMode Mode { get; set; } = BrokerMode.Embedded;

    /// <summary>External broker host.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>External broker port; embedded broker: its plain MQTT port (0 = pick a free one).</summary>
    public int Port { get; set; } = 1883;

    /// <summary>
    /// Embedded broker: the addresses it listens on, at most one IPv4 and one IPv6 (MQTTnet binds one of each per
    /// endpoint). Loopback by default: exposing the broker to a network is an explicit choice.
    /// </summary>
    public List<string> ListenAddresses { get; set; } = ["127.0.0.1", "::1"];

    /// <summary>
    /// Plain (unencrypted) MQTT off loopback: the embedded broker's plain port on <see cref="ListenAddresses"/>, or an
    /// external broker on another host without <see cref="BrokerTlsOptions.CaFile"/>. Off by default; warned at start.
    /// </summary>
    public bool AllowPlainTcp { get; set; }

    public BrokerTlsOptions Tls { get; set; } = new();

    /// <summary>
    /// Embedded broker: connections the kernel may hold per listener before the broker accepts them (listen backlog; Linux
    /// caps it at <c>net.core.somaxconn</c>, 4,096 by default). MQTTnet's 100 overflows when a fleet reconnects at once
    /// after a restart: the overflowing boards' handshakes are dropped and they wait out their connect timeout.
    /// </summary>
    public int ConnectionBacklog { get; set; } = 4096;

    /// <summary>
    /// Persistent-session client id. Must be unique per gateway instance: the broker keeps
    /// unacknowledged messages for it across a restart (MQTT 5 §3.1.2.11.2, session expiry).
    /// </summary>
    public string ClientId { get; set; } = "iotstack-gateway";

    /// <summary>Shared-subscription group (MQTT 5 §4.8.2); empty = plain subscription (one gateway sees everything).</summary>
    public string SharedGroup { get; set; } = "";

    public int SessionExpirySeconds { get; set; } = 3600;

    /// <summary>QoS 1 messages the broker may have in flight to us before our acknowledgements (MQTT 5 §3.1.2.11.3).</summary>
    public int ReceiveMaximum { get; set; } = 2000;

    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The gateway's own broker user name (docs/security.md).</summary>
    public string Username { get; set; } = "iotstack-gateway";

    /// <summary>
    /// The gateway's broker secret. Embedded broker: empty makes a random one per process. External broker: empty
    /// connects without credentials (only for a broker that allows anonymous clients).
    /// </summary>
    public string Password { get; set; } = "";

    /// <summary>
    /// Board credentials (hashes only, mode 0600): <c>iotstack devices add|revoke</c> change it. Empty: <c>mqtt-devices</c>
    /// beside the SQLite database (with PostgreSQL, <c>.iotstack/mqtt-devices</c>).
    /// </summary>
    public string DevicesFile { get; set; } = "";

    /// <summary>
    /// External Mosquitto: a folder where the gateway keeps Mosquitto's <c>passwd</c> and <c>acl</c> files in step with
    /// its board credentials (point <c>password_file</c> and <c>acl_file</c> there); empty = not managed.
    /// </summary>
    public string MosquittoAccessFolder { get; set; } = "";

    /// <summary>Mosquitto's pid file: after rewriting its files the gateway sends it SIGHUP (Mosquitto 2 then drops revoked boards).</summary>
    public string MosquittoPidFile { get; set; } = "";
}
