namespace IotStack.Gateway.Cluster;

/// <summary>What a gateway does when it starts or stops owning a partition of the fleet (<see cref="PartitionOwnership"/>).</summary>
internal interface IPartitionHandler
{
    /// <summary>
    /// The lock is held: take the partition's state from the store, then start receiving its traffic. <paramref name="epoch"/>
    /// is the partition's fencing token, higher than any earlier owner's (<see cref="PartitionEpochs"/>).
    /// </summary>
    Task AcquiredAsync(int partition, long epoch, CancellationToken cancellationToken);

    /// <summary>Giving it up in order (rebalance, shutdown): stop receiving, finish what was taken, save its state. The lock is released after.</summary>
    Task ReleasingAsync(int partition, CancellationToken cancellationToken);

    /// <summary>The lock is gone already (its connection died): stop at once and drop the state without saving it, another gateway may own it now.</summary>
    Task LostAsync(int partition);

    /// <summary>
    /// A gateway of the cluster is gone (its ownership session ended) but its MQTT session, named <paramref name="clientId"/>,
    /// may still hold its share of the fleet's messages: forward them to their owners and end that session. False when
    /// that gateway turns out to be connected to the broker (only its database session was gone): nothing is done.
    /// </summary>
    Task<bool> DrainSessionAsync(string clientId, CancellationToken cancellationToken);
}
