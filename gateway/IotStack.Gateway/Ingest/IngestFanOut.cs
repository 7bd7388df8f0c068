using IotStack.Gateway.Storage;
using IotStack.Protocol;

namespace IotStack.Gateway.Ingest;

/// <summary>
/// Hands each decoded message to every registered <see cref="IIngestSink"/>, one after the other in registration
/// order (detection, device state, then the capabilities' sinks such as board logs): data flows forward to siblings,
/// none passes through another to reach the next. A sink that throws stops the ones after it, as one sink did.
/// </summary>
internal sealed class IngestFanOut : IIngestSink
{
    private readonly IIngestSink[] _sinks;

    public IngestFanOut(IEnumerable<IIngestSink> sinks)
    {
        ArgumentNullException.ThrowIfNull(sinks);
        _sinks = sinks.ToArray();
    }

    public int Count => _sinks.Length;

    public async ValueTask OnTelemetryCommittedAsync(WriteSet committed, CancellationToken cancellationToken)
    {
        foreach (IIngestSink sink in _sinks)
        {
            await sink.OnTelemetryCommittedAsync(committed, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask OnStatusAsync(TopicInfo topic, StatusReport status, CancellationToken cancellationToken)
    {
        foreach (IIngestSink sink in _sinks)
        {
            await sink.OnStatusAsync(topic, status, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask OnFindingAsync(TopicInfo topic, Protocol.Finding finding, CancellationToken cancellationToken)
    {
        foreach (IIngestSink sink in _sinks)
        {
            await sink.OnFindingAsync(topic, finding, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask OnLogAsync(TopicInfo topic, LogRecord log, CancellationToken cancellationToken)
    {
        foreach (IIngestSink sink in _sinks)
        {
            await sink.OnLogAsync(topic, log, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask OnCommandReplyAsync(TopicInfo topic, CommandReply reply, CancellationToken cancellationToken)
    {
        foreach (IIngestSink sink in _sinks)
        {
            await sink.OnCommandReplyAsync(topic, reply, cancellationToken).ConfigureAwait(false);
        }
    }
}
