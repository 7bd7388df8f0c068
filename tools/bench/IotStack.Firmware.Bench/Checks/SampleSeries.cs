namespace IotStack.Bench.Checks;

/// <summary>A deterministic indoor-temperature-like series: slow drift plus ±0.1 °C noise, no anomalies.</summary>
internal static class SampleSeries
{
    public static float[] Create(int count)
    {
        var values = new float[count];
        var random = new Random(42);
        for (var i = 0; i < count; i++)
        {
            var phase = i % 400;
            var trend = phase < 200 ? phase * 0.0025 : (400 - phase) * 0.0025;
            values[i] = (float)(21.0 + trend + ((random.NextDouble() * 0.2) - 0.1));
        }

        return values;
    }
}
