namespace IotStack.Gateway.Options;

/// <summary>
/// Several gateways on one PostgreSQL database (section <c>IotStack:Cluster</c>): which one runs the singletons (rollouts,
/// remediation, host log tails). With SQLite storage there is one gateway and it always leads. docs/scale.md, "Leadership".
/// </summary>
internal sealed class ClusterOptions
{
    /// <summary>This gateway's name in /health and in PostgreSQL's <c>application_name</c>; default: host name and process id.</summary>
    public string Name { get; set; } = "";

    /// <summary>How often a follower tries to take the lock: the takeover time after a leader's connection dies.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the leader checks its lock connection; it steps down when a check fails or takes longer than <see cref="CheckTimeout"/>.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The server's TCP keepalive on the lock connection (idle seconds, then probes every <see cref="KeepAliveIntervalSeconds"/>,
    /// <see cref="KeepAliveCount"/> of them): how long PostgreSQL keeps the lock of a leader whose machine vanished without closing.
    /// Longer than <see cref="CheckInterval"/> + <see cref="CheckTimeout"/>, so a cut-off leader has stepped down before another takes over.
    /// </summary>
    public int KeepAliveIdleSeconds { get; set; } = 5;

    public int KeepAliveIntervalSeconds { get; set; } = 2;

    public int KeepAliveCount { get; set; } = 3;

    /// <summary>The advisory lock's key (one per database; change it only to run two independent clusters on one database).</summary>
    public long LockKey { get; set; } = 0x496F_5453_7461_636B; // "IoTStack"

    /// <summary>
    /// Device ownership (docs/scale.md, "Device ownership"): with N &gt; 0, devices are split into N partitions by a stable
    /// hash of their id and each partition is owned by one gateway at a time, which alone processes its devices' traffic,
    /// in order. 0 (the default) keeps today's split: each gateway processes whatever the shared subscription hands it.
    /// Needs PostgreSQL storage and an external broker with <see cref="BrokerOptions.SharedGroup"/>; every gateway of the
    /// cluster must use the same N. More partitions than gateways lets the load spread evenly; each owned partition
    /// is one MQTT session on the broker.
    /// </summary>
    public int Partitions { get; set; }

    /// <summary>How long a gateway handing a partition over waits for the messages it already took to be stored and scored.</summary>
    public TimeSpan HandOverTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public string EffectiveName => Name.Length > 0 ? Name : $"{Environment.MachineName}-{Environment.ProcessId}";
}
