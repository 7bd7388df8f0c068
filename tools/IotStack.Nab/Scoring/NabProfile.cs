namespace IotStack.Nab.Scoring;

/// <summary>An application profile's cost matrix (NAB config/profiles.json).</summary>
internal sealed record NabProfile(string Name, double TpWeight, double FpWeight, double FnWeight)
{
    public static NabProfile Standard { get; } = new("standard", 1.0, 0.11, 1.0);

    public static NabProfile RewardLowFp { get; } = new("reward_low_FP_rate", 1.0, 0.22, 1.0);

    public static NabProfile RewardLowFn { get; } = new("reward_low_FN_rate", 1.0, 0.11, 2.0);

    public static IReadOnlyList<NabProfile> All { get; } = [Standard, RewardLowFp, RewardLowFn];
}
