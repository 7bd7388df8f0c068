using IotStack.Firmware.Runtime;
using IotStack.Protocol;

namespace IotStack.Firmware.Ota
{
    /// <summary>
    /// Connects an <see cref="OtaUpdater"/> to the device runtime: ota/offer and ota/chunk in, ota/request
    /// and ota/progress out, one updater slice per main-loop iteration. Wiring:
    /// <code>
    /// var agent = new OtaAgent(runtime, runtime.Topics);
    /// var updater = new OtaUpdater(flash, clock, board, agent, publicKey, config.FirmwareVersion, null);
    /// agent.Attach(runtime, updater); // subscribes, registers the tickable, runs Boot()
    /// </code>
    /// The runtime's inbox slots must hold a full OTA frame (<see cref="MaxFrameBytes"/>).
    /// </summary>
    public sealed class OtaAgent : IMessageHandler, ITickable, IOtaLink
    {
        /// <summary>Largest OTA frame a board receives (an offer with a full manifest and signature).</summary>
        public const int MaxFrameBytes = Frame.Overhead + 4 + 2 + OtaOffer.MaxManifestBytes + 2 + OtaOffer.MaxSignatureBytes;

        private readonly IFramePublisher publisher;
        private readonly DeviceTopics topics;
        private readonly byte[] tx = new byte[Frame.Overhead + 16 + ReleaseManifest.MaxStringBytes + OtaProgress.MaxReasonBytes];
        private OtaUpdater updater;

        public OtaAgent(IFramePublisher publisher, DeviceTopics topics)
        {
            this.publisher = publisher;
            this.topics = topics;
        }

        public OtaUpdater Updater
        {
            get { return updater; }
        }

        public bool IsOnline
        {
            get { return publisher.IsOnline; }
        }

        /// <summary>Hooks the updater into the runtime and runs its boot-time recovery.</summary>
        public void Attach(DeviceRuntime runtime, OtaUpdater otaUpdater)
        {
            Bind(otaUpdater);
            runtime.Subscribe(topics.OtaOffer, this);
            runtime.Subscribe(topics.OtaChunk, this);
            runtime.AddTickable(this);
        }

        /// <summary>Uses <paramref name="otaUpdater"/> without a runtime (tests, tools) and runs its boot-time recovery.</summary>
        public void Bind(OtaUpdater otaUpdater)
        {
            updater = otaUpdater;
            updater.Boot();
        }

        public void OnMessage(string topic, byte[] payload, int length)
        {
            if (updater == null)
            {
                return;
            }

            if (topic == topics.OtaChunk)
            {
                updater.HandleChunk(payload, length);
            }
            else if (topic == topics.OtaOffer && length > 0)
            {
                updater.HandleOffer(payload, length);
            }
        }

        public void Tick(long uptimeMs)
        {
            if (updater != null)
            {
                updater.Tick();
            }
        }

        public bool SendRequest(OtaChunkRequest request)
        {
            int n = request.WriteTo(tx, 0);
            return publisher.Publish(topics.OtaRequest, tx, 0, n, false);
        }

        public bool SendProgress(OtaProgress progress)
        {
            int n = progress.WriteTo(tx, 0);
            return publisher.Publish(topics.OtaProgress, tx, 0, n, false);
        }
    }
}
