using IotStack.Firmware.Runtime;
using IotStack.Firmware.Storage;
using IotStack.Protocol;

namespace IotStack.Firmware.Telemetry
{
    /// <summary>
    /// Sends telemetry and findings, or keeps them in the flash queue while the board is offline or
    /// older frames are still waiting (so the gateway receives everything in order). Queued batches
    /// carry the replayed flag. Frames are encoded into one preallocated buffer. Failed publishes are
    /// counted by the publisher (the runtime), not here.
    /// </summary>
    internal sealed class Outbox
    {
        /// <summary>Largest frame the outbox handles: a full telemetry batch.</summary>
        public const int BufferSize = Frame.Overhead + 14 + (TelemetryBatch.MaxSamples * TelemetryBatch.SampleSize);

        private readonly IFramePublisher publisher;
        private readonly FlashQueue queue;
        private readonly string telemetryTopic;
        private readonly string findingTopic;
        private readonly byte[] buffer = new byte[BufferSize];

        public Outbox(IFramePublisher publisher, FlashQueue queue, string telemetryTopic, string findingTopic)
        {
            this.publisher = publisher;
            this.queue = queue;
            this.telemetryTopic = telemetryTopic;
            this.findingTopic = findingTopic;
        }

        public FlashQueue Queue
        {
            get { return queue; }
        }

        /// <summary>Publishes live when possible, else stores with the replayed flag. False only when the frame was lost.</summary>
        public bool SendBatch(TelemetryBatch batch)
        {
            if (CanSendLive())
            {
                int length = batch.WriteTo(buffer, 0);
                if (publisher.Publish(telemetryTopic, buffer, 0, length, false))
                {
                    return true;
                }
            }

            batch.Flags = (byte)(batch.Flags | TelemetryBatch.FlagReplayed);
            int stored = batch.WriteTo(buffer, 0);
            return queue.Enqueue(buffer, 0, stored);
        }

        public bool SendFinding(Finding finding)
        {
            int length = finding.WriteTo(buffer, 0);
            if (CanSendLive())
            {
                if (publisher.Publish(findingTopic, buffer, 0, length, false))
                {
                    return true;
                }
            }

            return queue.Enqueue(buffer, 0, length);
        }

        /// <summary>Sends up to <paramref name="max"/> queued frames in order; stops at the first failure. Persists the head.</summary>
        public int Drain(int max)
        {
            int sent = 0;
            while (sent < max && publisher.IsOnline && !queue.IsEmpty)
            {
                int length = queue.Peek(buffer);
                if (length == 0)
                {
                    break;
                }

                string topic = buffer[1] == (byte)MessageType.Finding ? findingTopic : telemetryTopic;
                if (!publisher.Publish(topic, buffer, 0, length, false))
                {
                    break;
                }

                queue.Pop();
                sent++;
            }

            if (sent > 0)
            {
                queue.Commit();
            }

            return sent;
        }

        private bool CanSendLive()
        {
            return publisher.IsOnline && queue.IsEmpty;
        }
    }
}
