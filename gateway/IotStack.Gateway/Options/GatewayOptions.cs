namespace IotStack.Gateway.Options;

/// <summary>
/// The gateway's configuration, section <c>IotStack</c>: appsettings.json, then environment variables
/// (<c>IOTSTACK__BROKER__PORT</c>), then the command line (<c>--IotStack:Broker:Port=1884</c>).
/// Checked at start by <see cref="GatewayOptionsValidator"/>.
/// </summary>
internal sealed class GatewayOptions
{
    public const string Section = "IotStack";

    public BrokerOptions Broker { get; set; } = new();

    public StorageOptions Storage { get; set; } = new();

    public IngestOptions Ingest { get; set; } = new();

    public AlertOptions Alerts { get; set; } = new();

    public DetectionOptions Detection { get; set; } = new();

    public HttpOptions Http { get; set; } = new();

    /// <summary>Leadership among gateways sharing a PostgreSQL database (docs/scale.md).</summary>
    public ClusterOptions Cluster { get; set; } = new();

    /// <summary>Per-channel limits by channel number ("1" temperature …), pushed to boards and used by the gateway.</summary>
    public Dictionary<string, ChannelThresholdOptions> Channels { get; set; } = new();

    /// <summary>Combined rules (AND/OR of conditions on the latest values of one device).</summary>
    public List<CombinedRuleOptions> Rules { get; set; } = new();
}
