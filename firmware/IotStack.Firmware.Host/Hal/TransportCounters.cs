using IotStack.Protocol;

namespace IotStack.Firmware.Host.Hal;

/// <summary>What the transports of a whole fleet did, counted lock-free (many scheduler threads publish at once).</summary>
internal sealed class TransportCounters
{
    private long connects;
    private long connectFailures;
    private long telemetry;
    private long findings;
    private long otherPublishes;
    private long publishFailures;

    public long Connects => Interlocked.Read(ref connects);

    public long ConnectFailures => Interlocked.Read(ref connectFailures);

    public long TelemetryPublished => Interlocked.Read(ref telemetry);

    public long FindingsPublished => Interlocked.Read(ref findings);

    public long OtherPublished => Interlocked.Read(ref otherPublishes);

    public long PublishFailures => Interlocked.Read(ref publishFailures);

    public long TotalPublished => TelemetryPublished + FindingsPublished + OtherPublished;

    public void ConnectSucceeded() => Interlocked.Increment(ref connects);

    public void ConnectFailed() => Interlocked.Increment(ref connectFailures);

    public void PublishFailed() => Interlocked.Increment(ref publishFailures);

    public void PublishSucceeded(string topic)
    {
        // Topic kinds end the topic (docs/protocol.md): a suffix test avoids splitting the string per publish.
        if (topic.EndsWith("/telemetry", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref telemetry);
        }
        else if (topic.EndsWith("/" + DeviceTopics.Suffix(TopicKind.Finding), StringComparison.Ordinal))
        {
            Interlocked.Increment(ref findings);
        }
        else
        {
            Interlocked.Increment(ref otherPublishes);
        }
    }
}
