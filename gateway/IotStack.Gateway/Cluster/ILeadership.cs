namespace IotStack.Gateway.Cluster;

/// <summary>
/// Whether this gateway runs the cluster's singletons (rollout engine, remediation runner, host log tails). At most one
/// gateway leads at a time; a term ends when its token is cancelled (lock connection lost, or shutdown).
/// </summary>
internal interface ILeadership
{
    bool IsLeader { get; }

    /// <summary>This gateway's name.</summary>
    string Name { get; }

    /// <summary>The leading gateway's name as last seen (this one's when leading); null when unknown.</summary>
    string? Leader { get; }

    /// <summary>Completes when this gateway leads, with a token cancelled when that term ends.</summary>
    Task<CancellationToken> WaitForTermAsync(CancellationToken cancellationToken);
}
