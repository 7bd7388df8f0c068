namespace IotStack.Ota.Delivery;

/// <summary>Configuration section "Ota:Delivery".</summary>
internal sealed class ChunkServerOptions
{
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 1883;

    public string ClientId { get; set; } = "iotstack-ota";

    /// <summary>Fleet whose boards this server answers; "+" (MQTT single-level wildcard) for every fleet.</summary>
    public string Fleet { get; set; } = "+";

    /// <summary>MQTT 5 shared-subscription group so several gateways split the requests; empty for a plain subscription.</summary>
    public string? SharedGroup { get; set; }

    /// <summary>Requests waiting to be served before new ones are dropped (the board asks again after its timeout).</summary>
    public int QueueCapacity { get; set; } = 4096;

    public int Workers { get; set; } = 4;

    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);
}
