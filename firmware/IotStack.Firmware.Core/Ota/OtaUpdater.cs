using IotStack.Firmware.Hal;
using IotStack.Protocol;

namespace IotStack.Firmware.Ota
{
    /// <summary>
    /// The board's side of an update (docs/ota.md): offer → signature check first → board and
    /// anti-rollback checks → download into the inactive slot (resumable) → hash every file → switch the
    /// boot record and reboot → probation until the new image connects and reports → confirm, or roll
    /// back and say why. Control flow is the table in <see cref="OtaTransitions"/>; the record is saved
    /// before each risky step, and a step resumed too often after restarts is abandoned, so a crash loop
    /// ends in a rollback instead of a brick. Not thread-safe: call everything from the main loop.
    /// Split by concern: offers (OtaUpdater.Offer.cs), transfer and hashing (OtaUpdater.Transfer.cs),
    /// activation, probation and rollback (OtaUpdater.Activation.cs).
    /// </summary>
    public sealed partial class OtaUpdater
    {
        private readonly IFlashStore flash;
        private readonly IClock clock;
        private readonly IBoard board;
        private readonly IOtaLink link;
        private readonly byte[] publicKey;
        private readonly string factoryVersion;
        private readonly OtaOptions options;
        private readonly Ed25519Verifier verifier = new Ed25519Verifier();
        private readonly Sha256 fileSha = new Sha256();
        private readonly Sha256 imageSha = new Sha256();
        private readonly byte[] buffer = new byte[OtaChunk.MaxDataBytes];
        private readonly OtaOffer offer = new OtaOffer();
        private readonly OtaChunk chunk = new OtaChunk();
        private readonly OtaChunkRequest request = new OtaChunkRequest();
        private readonly OtaProgress progress = new OtaProgress();
        private BootRecord boot;
        private OtaRecord record;
        private ReleaseManifest manifest;
        private ReleaseManifest activeManifest;
        private bool rebootRequested;

        public OtaUpdater(IFlashStore flash, IClock clock, IBoard board, IOtaLink link, byte[] publicKey, string factoryVersion, OtaOptions options)
        {
            this.flash = flash;
            this.clock = clock;
            this.board = board;
            this.link = link;
            this.publicKey = publicKey;
            this.factoryVersion = factoryVersion;
            this.options = options == null ? new OtaOptions() : options;
            boot = BootRecord.Factory(factoryVersion);
            record = new OtaRecord();
            int windowSize = this.options.RequestWindow > 8 ? 8 : this.options.RequestWindow;
            int chunkSize = this.options.ChunkSize < 1 || this.options.ChunkSize > OtaChunk.MaxDataBytes ? OtaChunk.MaxDataBytes : this.options.ChunkSize;
            window = new RequestWindow(windowSize, chunkSize);
        }

        public OtaStep Step
        {
            get { return record.Step; }
        }

        /// <summary>Version of the image in the active slot.</summary>
        public string RunningVersion
        {
            get { return boot.Version; }
        }

        public int ActiveSlot
        {
            get { return boot.ActiveSlot; }
        }

        /// <summary>Signed manifest of the running image, or null for the factory image.</summary>
        public ReleaseManifest RunningManifest
        {
            get { return activeManifest; }
        }

        /// <summary>Set once the updater asked the board to restart; on the virtual board the caller restarts it.</summary>
        public bool RebootRequested
        {
            get { return rebootRequested; }
        }

        /// <summary>Optional application check for the probation period.</summary>
        public IOtaHealthCheck HealthCheck { get; set; }

        /// <summary>Transfer id the board is working on (or last worked on).</summary>
        public uint Transfer
        {
            get { return record.Transfer; }
        }

        /// <summary>
        /// Runs once at start-up, before the application: reads both records, counts a probation boot
        /// (rolling back past the cap) and resumes or abandons an interrupted step.
        /// </summary>
        public void Boot()
        {
            BootRecord loaded = BootRecord.Load(flash);
            boot = loaded == null ? BootRecord.Factory(factoryVersion) : loaded;
            activeManifest = Parse(boot.Manifest);
            OtaRecord saved = OtaRecord.Load(flash);
            record = saved == null ? new OtaRecord() : saved;
            manifest = record.Step == OtaStep.Idle ? null : Parse(record.Manifest);

            if (boot.Trial)
            {
                BootIntoTrial();
                return;
            }

            if (RolledBackByLoader())
            {
                return;
            }

            switch (record.Step)
            {
                case OtaStep.Downloading:
                case OtaStep.Verifying:
                case OtaStep.Activating:
                    Resume();
                    break;
                case OtaStep.Trial:
                    // Confirmed in the boot record, restarted before the update record caught up.
                    Fire(OtaEvent.Healthy, "");
                    break;
                case OtaStep.RollingBack:
                    EnterRollingBack(record.ReportReason);
                    break;
            }
        }

        /// <summary>One bounded slice of work; call from every main-loop iteration.</summary>
        public void Tick()
        {
            if (rebootRequested)
            {
                return;
            }

            FlushReport();
            switch (record.Step)
            {
                case OtaStep.Downloading:
                    Pump();
                    break;
                case OtaStep.Verifying:
                    VerifySome();
                    break;
                case OtaStep.Trial:
                    CheckProbation();
                    break;
            }
        }

        private void Resume()
        {
            record.Entries++;
            if (record.Entries > options.MaxStepEntries)
            {
                Fire(OtaEvent.ReentryCap, "restart loop: gave up after " + options.MaxStepEntries.ToString() + " restarts while " + StepName(record.Step));
                return;
            }

            // The saved manifest is trusted only after its signature checks again: flash can rot or be written.
            if (manifest == null || !verifier.Verify(publicKey, record.Manifest, 0, record.Manifest.Length, record.Signature, 0, record.Signature.Length))
            {
                Fire(OtaEvent.ReentryCap, "record: saved manifest no longer verifies");
                return;
            }

            record.Save(flash);
            switch (record.Step)
            {
                case OtaStep.Downloading:
                    StartDownload();
                    break;
                case OtaStep.Verifying:
                    StartVerify();
                    break;
                case OtaStep.Activating:
                    EnterActivating();
                    break;
            }
        }

        /// <summary>Applies one row of the table: saves the record in its new step, then runs the step's entry action.</summary>
        private void Fire(OtaEvent e, string reason)
        {
            int next = OtaTransitions.Next(record.Step, e);
            if (next < 0)
            {
                return;
            }

            OtaStep from = record.Step;
            record.Step = (OtaStep)next;
            if (record.Step != from)
            {
                record.Entries = 0;
            }

            switch (record.Step)
            {
                case OtaStep.Idle:
                    EnterIdle(from, e, reason);
                    break;
                case OtaStep.Downloading:
                    record.Save(flash);
                    StartDownload();
                    break;
                case OtaStep.Verifying:
                    record.Save(flash);
                    StartVerify();
                    break;
                case OtaStep.Activating:
                    record.Save(flash);
                    EnterActivating();
                    break;
                case OtaStep.Trial:
                    record.Save(flash);
                    break;
                case OtaStep.RollingBack:
                    record.ReportReason = reason;
                    record.Save(flash);
                    EnterRollingBack(reason);
                    break;
            }
        }

        private void EnterIdle(OtaStep from, OtaEvent e, string reason)
        {
            string version = manifest == null ? "" : manifest.Version;
            if (e == OtaEvent.TransferFailed)
            {
                // Keep what arrived: the same offer again resumes from each file's length.
                record.PartialTransfer = record.Transfer;
                SetReport(OtaState.Failed, record.Transfer, version, reason);
            }
            else if (e == OtaEvent.HashMismatch || e == OtaEvent.ReentryCap)
            {
                SlotFiles.Clear(flash, record.TargetSlot, manifest);
                record.RefusedTransfer = record.Transfer;
                record.RefusedReason = reason;
                SetReport(OtaState.Failed, record.Transfer, version, reason);
            }
            else if (e == OtaEvent.RolledBack)
            {
                // Kept so the retained offer, seen again after the rollback reboot, repeats why.
                record.RefusedTransfer = record.Transfer;
                record.RefusedReason = reason;
                SetReport(OtaState.RolledBack, record.Transfer, version, reason);
            }

            record.Manifest = new byte[0];
            record.Signature = new byte[0];
            manifest = null;
            record.Save(flash);
        }

        private void SetReport(OtaState state, uint transfer, string version, string reason)
        {
            record.ReportState = (int)state;
            record.ReportTransfer = transfer;
            record.ReportVersion = version == null ? "" : version;
            record.ReportReason = reason == null ? "" : reason;
        }

        /// <summary>Sends the pending must-deliver report once online; cleared (and saved) only when the broker acknowledged.</summary>
        private void FlushReport()
        {
            if (record.ReportState == 0 || !link.IsOnline)
            {
                return;
            }

            if (Send((OtaState)record.ReportState, record.ReportTransfer, 100, 0, record.ReportVersion, record.ReportReason))
            {
                record.ReportState = 0;
                record.Save(flash);
            }
        }

        private bool Send(OtaState state, uint transfer, int percent, uint bytes, string version, string reason)
        {
            progress.TransferId = transfer;
            progress.State = state;
            progress.Percent = (byte)percent;
            progress.BytesReceived = bytes;
            progress.Version = version;
            progress.Reason = reason;
            return link.SendProgress(progress);
        }

        private void RequestReboot(ResetReason reason)
        {
            rebootRequested = true;
            board.Reboot(reason);
        }

        private static ReleaseManifest Parse(byte[] bytes)
        {
            if (bytes == null || bytes.Length == 0)
            {
                return null;
            }

            ReleaseManifest m = new ReleaseManifest();
            return m.ReadFrom(bytes, 0, bytes.Length) == DecodeStatus.Ok ? m : null;
        }

        private static string StepName(OtaStep step)
        {
            switch (step)
            {
                case OtaStep.Downloading: return "downloading";
                case OtaStep.Verifying: return "verifying";
                case OtaStep.Activating: return "activating";
                case OtaStep.Trial: return "on probation";
                case OtaStep.RollingBack: return "rolling back";
                default: return "idle";
            }
        }
    }
}
