using IotStack.Protocol;

namespace IotStack.Gateway.Tests.Support;

/// <summary>Encoded protocol frames for tests.</summary>
internal static class Frames
{
    public const int SamplesPerBatch = 3;

    /// <summary>A batch of <see cref="SamplesPerBatch"/> samples: temperature, humidity, pressure at <paramref name="timeMs"/>.</summary>
    public static byte[] Telemetry(uint sequence, long timeMs, float temperature = 21.5f, float humidity = 45f, float pressure = 1013f)
    {
        var batch = new TelemetryBatch { Sequence = sequence };
        batch.Add(Channel.Temperature, timeMs, temperature);
        batch.Add(Channel.Humidity, timeMs, humidity);
        batch.Add(Channel.Pressure, timeMs + 1, pressure);
        var buffer = new byte[batch.FrameLength];
        batch.WriteTo(buffer, 0);
        return buffer;
    }

    /// <summary>
    /// A batch of readings <paramref name="stepMs"/> apart from <paramref name="firstMs"/>, each a temperature, humidity and
    /// pressure sample (pressure 1 ms later, as a board reads it); at most <see cref="TelemetryBatch.MaxSamples"/> / 3 readings.
    /// </summary>
    public static byte[] Telemetry(uint sequence, long firstMs, long stepMs, IReadOnlyList<(float Temperature, float Humidity, float Pressure)> readings)
    {
        var batch = new TelemetryBatch { Sequence = sequence };
        for (int i = 0; i < readings.Count; i++)
        {
            long t = firstMs + (i * stepMs);
            if (!batch.Add(Channel.Temperature, t, readings[i].Temperature) || !batch.Add(Channel.Humidity, t, readings[i].Humidity)
                || !batch.Add(Channel.Pressure, t + 1, readings[i].Pressure))
            {
                throw new ArgumentException($"{readings.Count} readings do not fit one batch", nameof(readings));
            }
        }

        var buffer = new byte[batch.FrameLength];
        batch.WriteTo(buffer, 0);
        return buffer;
    }

    public static byte[] Status(DeviceState state, uint sensorErrors = 0)
    {
        var status = new StatusReport { State = state, FirmwareVersion = "1.0.0", Board = "test", SensorErrors = sensorErrors, TimeMs = 1 };
        var buffer = new byte[status.FrameLength];
        status.WriteTo(buffer, 0);
        return buffer;
    }

    public static byte[] Command(Command command)
    {
        var buffer = new byte[256];
        int length = command.WriteTo(buffer, 0);
        return buffer.AsSpan(0, length).ToArray();
    }

    public static byte[] Log(string message, LogLevel level = LogLevel.Error, long timeMs = 1, string source = "app")
    {
        var log = new LogRecord { Sequence = 1, TimeMs = timeMs, Level = level, Source = source, Message = message };
        var buffer = new byte[log.FrameLength];
        log.WriteTo(buffer, 0);
        return buffer;
    }
}
