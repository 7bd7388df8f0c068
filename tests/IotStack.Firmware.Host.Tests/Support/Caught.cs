using IotStack.Protocol;

namespace IotStack.Firmware.Host.Tests.Support;

/// <summary>Decodes what a probe caught.</summary>
internal static class Caught
{
    public static List<TelemetryBatch> Batches(IEnumerable<(string Topic, byte[] Payload, bool Retained)> messages)
    {
        var batches = new List<TelemetryBatch>();
        foreach ((string topic, byte[] payload, _) in messages)
        {
            if (topic.EndsWith("/telemetry", StringComparison.Ordinal))
            {
                var batch = new TelemetryBatch();
                Assert.Equal(DecodeStatus.Ok, batch.ReadFrom(payload, 0, payload.Length));
                batches.Add(batch);
            }
        }

        return batches;
    }

    public static int CountTelemetry(IReadOnlyList<(string Topic, byte[] Payload, bool Retained)> messages) =>
        messages.Count(m => m.Topic.EndsWith("/telemetry", StringComparison.Ordinal));
}
