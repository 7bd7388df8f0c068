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

        private readonly IFramePublisher _publisher;
        private readonly DeviceTopics _topics;
        private readonly byte[] _tx = new byte[Frame.Overhead + 16 + ReleaseManifest.MaxStringBytes + OtaProgress.MaxReasonBytes];
        private OtaUpdater _updater;

        public OtaAgent(IFramePublisher publisher, DeviceTopics topics)
        {
            _publisher = publisher;
            _topics = topics;
        }

        public OtaUpdater Updater
        {
            get { return _updater; }
        }

        public bool IsOnline
        {
            get { return _publisher.IsOnline; }
        }

        /// <summary>Hooks the updater into the runtime and runs its boot-time recovery.</summary>
        public void Attach(DeviceRuntime runtime, OtaUpdater otaUpdater)
        {
            Bind(otaUpdater);
            runtime.Subscribe(_topics.OtaOffer, this);
            runtime.Subscribe(_topics.OtaChunk, this);
            runtime.AddTickable(this);
        }

        /// <summary>Uses <paramref name="otaUpdater"/> without a runtime (tests, tools) and runs its boot-time recovery.</summary>
        public void Bind(OtaUpdater otaUpdater)
        {
            _updater = otaUpdater;
            _updater.Boot();
        }

        public void OnMessage(string topic, byte[] payload, int length)
        {
            if (_updater == null)
            {
                return;
            }

            if (topic == _topics.OtaChunk)
            {
                _updater.HandleChunk(payload, length);
            }
            else if (topic == _topics.OtaOffer && length > 0)
            {
                _updater.HandleOffer(payload, length);
            }
        }

        public void Tick(long uptimeMs)
        {
            if (_updater != null)
            {
                _updater.Tick();
            }
        }

        public bool SendRequest(OtaChunkRequest request)
        {
            int n = request.WriteTo(_tx, 0);
            return _publisher.Publish(_topics.OtaRequest, _tx, 0, n, false);
        }

        public bool SendProgress(OtaProgress progress)
        {
            int n = progress.WriteTo(_tx, 0);
            return _publisher.Publish(_topics.OtaProgress, _tx, 0, n, false);
        }
    }
}
