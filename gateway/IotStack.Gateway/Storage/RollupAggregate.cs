namespace IotStack.Gateway.Storage;

/// <summary>Min, max, sum and count of the samples in one bucket: what the rollup tables store, mergeable by upsert.</summary>
internal readonly record struct RollupAggregate(double Min, double Max, double Sum, long Count)
{
    public static RollupAggregate Of(double value) => new(value, value, value, 1);

    public RollupAggregate Add(double value) => new(Math.Min(Min, value), Math.Max(Max, value), Sum + value, Count + 1);
}
