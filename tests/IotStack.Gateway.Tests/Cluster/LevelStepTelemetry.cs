using System.Collections.Concurrent;
using IotStack.Gateway.Tests.Support;

namespace IotStack.Gateway.Tests.Cluster;

/// <summary>
/// Telemetry for <see cref="Chaos.ChaosBoards"/> with a scripted fault, shaped like the firmware's: each batch carries
/// <see cref="ReadingsPerBatch"/> readings taken 1 s apart (temperature, humidity, pressure), so a board sends a few
/// batches a second and a series still gets past its warm-up within a bounded test. Every channel is noise around its
/// level, and <see cref="Step"/> lifts a board's temperature by <see cref="StepSize"/> from its next batch on, for good.
/// The noise is bounded (a sum of four uniforms, σ about 0.2 °C): Gaussian tails make the default ensemble's
/// new-extreme rule fire now and then on clean series (about one series in a hundred per thousand samples, measured),
/// bounded noise never did. The step is 3 σ: the level-shift test finds it within about 16 samples on a series past its
/// 300-sample warm-up, while a series that starts warming up just before it never alerts (the step becomes its level),
/// so an alert for a step right after a takeover says the new owner resumed the series. A frame depends only on
/// (device, sequence, time, whether the step had begun at that sequence), so a batch sent again is the same batch.
/// </summary>
internal sealed class LevelStepTelemetry
{
    public const int ReadingsPerBatch = 8;

    public const float StepSize = 0.6f;

    private readonly ConcurrentDictionary<string, uint> _stepFrom = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _stepping = new(StringComparer.Ordinal);

    /// <summary>Steps these boards' temperature from the first batch they build after this call.</summary>
    public void Step(IEnumerable<string> devices)
    {
        foreach (string device in devices)
        {
            _stepping[device] = true;
        }
    }

    /// <summary>A frame for <see cref="Chaos.ChaosBoards.Start"/>, which stamps batch n at t0 + n s.</summary>
    public byte[] Frame(string device, uint sequence, long timeMs)
    {
        if (_stepping.ContainsKey(device))
        {
            _stepFrom.TryAdd(device, sequence);
        }

        float step = _stepFrom.TryGetValue(device, out uint from) && sequence >= from ? StepSize : 0f;
        var random = new Random(Seed(device, sequence));
        var readings = new (float, float, float)[ReadingsPerBatch];
        for (int i = 0; i < readings.Length; i++)
        {
            readings[i] = (21f + (0.35f * Noise(random)) + step, 45f + (0.85f * Noise(random)), 1013f + (0.5f * Noise(random)));
        }

        // Batch n's readings at t0 + n × ReadingsPerBatch s + i s: 1 s apart, each batch after the one before.
        return Frames.Telemetry(sequence, timeMs + (sequence * (ReadingsPerBatch - 1) * 1000L), 1000, readings);
    }

    /// <summary>Centred sum of four uniforms: about Gaussian, within ±2.</summary>
    private static float Noise(Random random) =>
        (float)(random.NextDouble() + random.NextDouble() + random.NextDouble() + random.NextDouble() - 2.0);

    /// <summary>FNV-1a of the device id with the sequence: string.GetHashCode differs per process.</summary>
    private static int Seed(string device, uint sequence)
    {
        uint hash = 2166136261;
        foreach (char c in device)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)((hash ^ sequence) * 16777619);
    }
}
