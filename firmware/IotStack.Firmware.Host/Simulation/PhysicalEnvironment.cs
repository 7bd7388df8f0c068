using IotStack.Protocol;

namespace IotStack.Firmware.Host.Simulation;

/// <summary>
/// The air around one virtual board: slow daily-like swings around a per-device base, plus a little sensor-level
/// noise, as a function of run time. Tests pin a channel to an exact value with <see cref="Set"/>.
/// </summary>
internal sealed class PhysicalEnvironment
{
    private const double SwingPeriodSeconds = 600.0;
    private readonly RunClock clock;
    private readonly Random random;
    private readonly double baseTemperature;
    private readonly double baseHumidity;
    private readonly double basePressure;
    private readonly double phase;
    private readonly double?[] pinned = new double?[Channel.Sht31Humidity + 1];
    private readonly object gate = new();

    public PhysicalEnvironment(RunClock clock, int seed)
    {
        this.clock = clock ?? throw new ArgumentNullException(nameof(clock));
        random = new Random(seed);
        baseTemperature = 18.0 + (random.NextDouble() * 8.0);
        baseHumidity = 40.0 + (random.NextDouble() * 20.0);
        basePressure = 995.0 + (random.NextDouble() * 30.0);
        phase = random.NextDouble() * 2.0 * Math.PI;
    }

    /// <summary>Holds <paramref name="channel"/> at <paramref name="value"/> (no swing, no noise); null releases it.</summary>
    public void Set(byte channel, double? value)
    {
        lock (gate)
        {
            pinned[channel] = value;
        }
    }

    /// <summary>The true value of a channel now (°C, %RH, hPa).</summary>
    public double Read(byte channel)
    {
        lock (gate)
        {
            if (channel < pinned.Length && pinned[channel] is { } value)
            {
                return value;
            }

            double swing = Math.Sin((2.0 * Math.PI * clock.Elapsed.TotalSeconds / SwingPeriodSeconds) + phase);
            double noise = (random.NextDouble() - 0.5) * 0.04;
            return channel switch
            {
                Channel.Temperature => baseTemperature + (2.0 * swing) + noise,
                Channel.Humidity => baseHumidity - (6.0 * swing) + (noise * 5.0),
                Channel.Pressure => basePressure + (0.8 * swing) + (noise * 2.0),
                // The SHT31 sits a few millimetres away on the same board: same air, its own small offset.
                Channel.Sht31Temperature => baseTemperature + 0.15 + (2.0 * swing) + noise,
                Channel.Sht31Humidity => baseHumidity - 0.8 - (6.0 * swing) + (noise * 5.0),
                _ => 0.0,
            };
        }
    }
}
