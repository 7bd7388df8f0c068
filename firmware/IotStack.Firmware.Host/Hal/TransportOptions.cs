namespace IotStack.Firmware.Host.Hal;

/// <summary>Bounds on every broker call, so a tick never waits long (the core's main loop is watchdog-fed).</summary>
internal sealed record TransportOptions
{
    /// <summary>How long a CONNECT may take in the background before it counts as failed.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long <c>Connect</c> waits for the CONNACK before returning false and letting it finish in the
    /// background; the core's next retry then finds the connection up. Keeps a slow broker from stalling
    /// the other devices on the same scheduler thread.
    /// </summary>
    public TimeSpan ConnectInlineWait { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a QoS 1 publish waits for its PUBACK.</summary>
    public TimeSpan PublishTimeout { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan SubscribeTimeout { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The broker CA the board pins: MQTT over TLS, the broker's certificate must chain to it alone; null = plain MQTT.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? BrokerCa { get; init; }
}
