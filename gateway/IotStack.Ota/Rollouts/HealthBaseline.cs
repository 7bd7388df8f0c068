namespace IotStack.Ota.Rollouts;

/// <summary>What the soak gate compares updated boards with.</summary>
internal enum HealthBaseline
{
    /// <summary>Boards of the campaign not yet updated, over the same window.</summary>
    Peers,

    /// <summary>The updated boards themselves over a window of the soak's length just before their wave started.</summary>
    OwnPast,
}
