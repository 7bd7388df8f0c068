namespace IotStack.Gateway.Storage;

/// <summary>One chart point: a raw sample (Count 1) or a rollup bucket starting at <see cref="Time"/>.</summary>
internal readonly record struct SeriesPoint(DateTimeOffset Time, double Min, double Max, double Mean, long Count);
