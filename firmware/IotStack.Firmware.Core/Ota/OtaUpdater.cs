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
    /// This class is the state machine; the work of each step is a collaborator's: offers (<see cref="OfferValidator"/>),
    /// download and resume (<see cref="ImageTransfer"/>), hashing (<see cref="ImageVerifier"/>), the boot record
    /// (<see cref="SlotActivation"/>) and reports (<see cref="OtaReporter"/>).
    /// </summary>
    public sealed class OtaUpdater
    {
        private readonly IFlashStore _flash;
        private readonly IClock _clock;
        private readonly IBoard _board;
        private readonly IOtaLink _link;
        private readonly OtaOptions _options;
        private readonly OfferValidator _offers;
        private readonly ImageTransfer _transfer;
        private readonly ImageVerifier _verifier;
        private readonly SlotActivation _activation;
        private readonly OtaReporter _reporter;
        private readonly OtaOffer _offer = new OtaOffer();
        private readonly OtaChunk _chunk = new OtaChunk();
        private OtaRecord _record;
        private ReleaseManifest _manifest;
        private bool _rebootRequested;
        private long _probationDeadline;

        public OtaUpdater(IFlashStore flash, IClock clock, IBoard board, IOtaLink link, byte[] publicKey, string factoryVersion, OtaOptions options)
        {
            _flash = flash;
            _clock = clock;
            _board = board;
            _link = link;
            _options = options == null ? new OtaOptions() : options;
            byte[] buffer = new byte[OtaChunk.MaxDataBytes];
            _offers = new OfferValidator(publicKey, board);
            _transfer = new ImageTransfer(flash, clock, link, _options, buffer);
            _verifier = new ImageVerifier(flash, buffer, _options);
            _activation = new SlotActivation(flash, factoryVersion);
            _reporter = new OtaReporter(link, flash);
            _record = new OtaRecord();
        }

        public OtaStep Step
        {
            get { return _record.Step; }
        }

        /// <summary>Version of the image in the active slot.</summary>
        public string RunningVersion
        {
            get { return _activation.Boot.Version; }
        }

        public int ActiveSlot
        {
            get { return _activation.Boot.ActiveSlot; }
        }

        /// <summary>Signed manifest of the running image, or null for the factory image.</summary>
        public ReleaseManifest RunningManifest
        {
            get { return _activation.ActiveManifest; }
        }

        /// <summary>Set once the updater asked the board to restart; on the virtual board the caller restarts it.</summary>
        public bool RebootRequested
        {
            get { return _rebootRequested; }
        }

        /// <summary>Optional application check for the probation period.</summary>
        public IOtaHealthCheck HealthCheck { get; set; }

        /// <summary>Transfer id the board is working on (or last worked on).</summary>
        public uint Transfer
        {
            get { return _record.Transfer; }
        }

        /// <summary>Bytes fetched over the network in this boot (delta downloads fetch fewer).</summary>
        public long DownloadedBytes
        {
            get { return _transfer.DownloadedBytes; }
        }

        /// <summary>
        /// Runs once at start-up, before the application: reads both records, counts a probation boot
        /// (rolling back past the cap) and resumes or abandons an interrupted step.
        /// </summary>
        public void Boot()
        {
            _activation.Load();
            OtaRecord saved = OtaRecord.Load(_flash);
            _record = saved == null ? new OtaRecord() : saved;
            _manifest = _record.Step == OtaStep.Idle ? null : ManifestParser.Parse(_record.Manifest);

            if (_activation.Boot.Trial)
            {
                BootIntoTrial();
                return;
            }

            if (RolledBackByLoader())
            {
                return;
            }

            switch (_record.Step)
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
                    EnterRollingBack(_record.ReportReason);
                    break;
            }
        }

        /// <summary>One bounded slice of work; call from every main-loop iteration.</summary>
        public void Tick()
        {
            if (_rebootRequested)
            {
                return;
            }

            _reporter.Flush(_record);
            switch (_record.Step)
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

        /// <summary>Handles an <see cref="OtaOffer"/> frame from ota/offer (retained: it comes again on every reconnect).</summary>
        public void HandleOffer(byte[] payload, int length)
        {
            if (_rebootRequested || _offer.ReadFrom(payload, 0, length) != DecodeStatus.Ok)
            {
                return;
            }

            BootRecord boot = _activation.Boot;
            uint id = _offer.TransferId;
            if (id != 0 && id == boot.ActiveTransfer)
            {
                // Already running it (a re-delivered retained offer): say so, unless probation will.
                if (_record.Step == OtaStep.Idle)
                {
                    Report(OtaState.Confirmed, id, boot.Version, "");
                }

                return;
            }

            if (id == boot.RejectedTransfer && id != 0)
            {
                string why = id == _record.RefusedTransfer && _record.RefusedReason.Length > 0
                    ? _record.RefusedReason
                    : "rolled back earlier on this board; not installing it again";
                Report(OtaState.RolledBack, id, "", why);
                return;
            }

            if (id == _record.RefusedTransfer && id != 0)
            {
                Report(OtaState.Failed, id, "", _record.RefusedReason);
                return;
            }

            if (_record.Step != OtaStep.Idle && (_record.Transfer == id || _record.Step != OtaStep.Downloading))
            {
                return;
            }

            OfferVerdict verdict = _offers.Check(_offer, boot);
            if (verdict == OfferVerdict.Refused)
            {
                _record.RefusedTransfer = id;
                _record.RefusedReason = _offers.Reason;
                OtaReporter.SetPending(_record, OtaState.Failed, id, _offers.Version, _offers.Reason);
                _record.Save(_flash);
                _reporter.Flush(_record);
                return;
            }

            if (verdict == OfferVerdict.AlreadyRunning)
            {
                Report(OtaState.Confirmed, id, boot.Version, _offers.Reason);
                return;
            }

            ReleaseManifest offered = _offers.Manifest;
            int target = 1 - boot.ActiveSlot;
            if (_record.Step == OtaStep.Downloading)
            {
                SlotFiles.Clear(_flash, _record.TargetSlot, _manifest); // superseded by a newer offer
            }
            else if (_record.PartialTransfer != id)
            {
                // The inactive slot holds an older image or another transfer's leftovers: make room.
                SlotFiles.Clear(_flash, target, ManifestParser.Parse(boot.PreviousManifest));
                SlotFiles.Clear(_flash, target, offered);
            }

            if (_flash.FreeBytes < offered.TotalSize)
            {
                OtaReporter.SetPending(_record, OtaState.Failed, id, offered.Version, "space: " + offered.TotalSize.ToString() + " bytes needed, " + _flash.FreeBytes.ToString() + " free");
                _record.Save(_flash);
                _reporter.Flush(_record);
                return;
            }

            _record.Transfer = id;
            _record.TargetSlot = target;
            _record.PartialTransfer = 0;
            _record.Manifest = _offers.ManifestBytes;
            _record.Signature = _offers.Signature;
            _manifest = offered;
            _reporter.Send(OtaState.Offered, id, 0, 0, offered.Version, "");
            Fire(OtaEvent.OfferAccepted, "");
        }

        /// <summary>Handles an <see cref="OtaChunk"/> frame from ota/chunk (see <see cref="ImageTransfer.Accept"/>).</summary>
        public void HandleChunk(byte[] payload, int length)
        {
            if (_record.Step != OtaStep.Downloading || _rebootRequested)
            {
                return;
            }

            if (_chunk.ReadFrom(payload, 0, length) != DecodeStatus.Ok || _chunk.TransferId != _record.Transfer)
            {
                return;
            }

            TransferStatus status = _transfer.Accept(_chunk);
            if (status == TransferStatus.Failed)
            {
                Fire(OtaEvent.TransferFailed, _transfer.Reason);
                return;
            }

            if (status == TransferStatus.Working)
            {
                _reporter.Percent(_record.Transfer, _transfer.ReceivedBytes, _manifest);
                Pump();
            }
        }

        private void Resume()
        {
            _record.Entries++;
            if (_record.Entries > _options.MaxStepEntries)
            {
                Fire(OtaEvent.ReentryCap, "restart loop: gave up after " + _options.MaxStepEntries.ToString() + " restarts while " + StepName(_record.Step));
                return;
            }

            // The saved manifest is trusted only after its signature checks again: flash can rot or be written.
            if (_manifest == null || !_offers.IsSigned(_record.Manifest, _record.Signature))
            {
                Fire(OtaEvent.ReentryCap, "record: saved manifest no longer verifies");
                return;
            }

            _record.Save(_flash);
            switch (_record.Step)
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
            int next = OtaTransitions.Next(_record.Step, e);
            if (next < 0)
            {
                return;
            }

            OtaStep from = _record.Step;
            _record.Step = (OtaStep)next;
            if (_record.Step != from)
            {
                _record.Entries = 0;
            }

            switch (_record.Step)
            {
                case OtaStep.Idle:
                    EnterIdle(e, reason);
                    break;
                case OtaStep.Downloading:
                    _record.Save(_flash);
                    StartDownload();
                    break;
                case OtaStep.Verifying:
                    _record.Save(_flash);
                    StartVerify();
                    break;
                case OtaStep.Activating:
                    _record.Save(_flash);
                    EnterActivating();
                    break;
                case OtaStep.Trial:
                    _record.Save(_flash);
                    break;
                case OtaStep.RollingBack:
                    _record.ReportReason = reason;
                    _record.Save(_flash);
                    EnterRollingBack(reason);
                    break;
            }
        }

        private void EnterIdle(OtaEvent e, string reason)
        {
            string version = _manifest == null ? "" : _manifest.Version;
            if (e == OtaEvent.TransferFailed)
            {
                // Keep what arrived: the same offer again resumes from each file's length.
                _record.PartialTransfer = _record.Transfer;
                OtaReporter.SetPending(_record, OtaState.Failed, _record.Transfer, version, reason);
            }
            else if (e == OtaEvent.HashMismatch || e == OtaEvent.ReentryCap)
            {
                SlotFiles.Clear(_flash, _record.TargetSlot, _manifest);
                _record.RefusedTransfer = _record.Transfer;
                _record.RefusedReason = reason;
                OtaReporter.SetPending(_record, OtaState.Failed, _record.Transfer, version, reason);
            }
            else if (e == OtaEvent.RolledBack)
            {
                // Kept so the retained offer, seen again after the rollback reboot, repeats why.
                _record.RefusedTransfer = _record.Transfer;
                _record.RefusedReason = reason;
                OtaReporter.SetPending(_record, OtaState.RolledBack, _record.Transfer, version, reason);
            }

            _record.Manifest = new byte[0];
            _record.Signature = new byte[0];
            _manifest = null;
            _record.Save(_flash);
        }

        private void StartDownload()
        {
            _transfer.Start(_record.Transfer, _manifest, _record.TargetSlot, _activation.ActiveManifest, _activation.Boot.ActiveSlot);
            _reporter.RestartPercent();
            Pump();
        }

        private void Pump()
        {
            TransferStatus status = _transfer.Pump();
            if (status == TransferStatus.Complete)
            {
                Fire(OtaEvent.AllReceived, "");
            }
            else if (status == TransferStatus.Failed)
            {
                Fire(OtaEvent.TransferFailed, _transfer.Reason);
            }
        }

        private void StartVerify()
        {
            _verifier.Start(_manifest, _record.TargetSlot);
            _reporter.Send(OtaState.Verifying, _record.Transfer, 100, _manifest.TotalSize, _manifest.Version, "");
        }

        private void VerifySome()
        {
            VerifyStatus status = _verifier.VerifySome();
            if (status == VerifyStatus.Matched)
            {
                Fire(OtaEvent.HashesOk, "");
            }
            else if (status == VerifyStatus.Mismatch)
            {
                Fire(OtaEvent.HashMismatch, _verifier.Reason);
            }
        }

        /// <summary>Writes the boot record for the new slot (idempotent after a restart), then reboots into it.</summary>
        private void EnterActivating()
        {
            if (!_activation.Switch(_record.Transfer, _record.TargetSlot, _manifest, _record.Manifest))
            {
                Fire(OtaEvent.ReentryCap, "flash: cannot write the boot record");
                return;
            }

            OtaReporter.SetPending(_record, OtaState.Installed, _record.Transfer, _manifest.Version, "");
            Fire(OtaEvent.Activated, "");
            RequestReboot(ResetReason.OtaActivation);
        }

        /// <summary>A boot of an image on probation: counted, and past the cap it is a reboot loop that ends in rollback.</summary>
        private void BootIntoTrial()
        {
            if (_record.Step == OtaStep.RollingBack)
            {
                EnterRollingBack(_record.ReportReason); // cut short before the boot record switched back
                return;
            }

            int trialBoots = _activation.CountTrialBoot();
            if (_record.Step == OtaStep.Activating)
            {
                Fire(OtaEvent.Activated, "");
            }

            if (_record.Step != OtaStep.Trial)
            {
                // The update record was lost; still on probation, for the release the boot record names.
                _record.Step = OtaStep.Trial;
                _record.Transfer = _activation.Boot.ActiveTransfer;
                _record.Save(_flash);
            }

            if (trialBoots > _options.MaxTrialBoots)
            {
                Fire(OtaEvent.ReentryCap, "reboot loop: new image restarted " + trialBoots.ToString() + " times without reporting");
                return;
            }

            _probationDeadline = _clock.UptimeMs + _options.HealthDeadlineMs;
        }

        /// <summary>Probation: confirmed by an acknowledged Confirmed report (connected and reporting) while the app check passes.</summary>
        private void CheckProbation()
        {
            if (_clock.UptimeMs > _probationDeadline)
            {
                Fire(OtaEvent.Unhealthy, "health check: new image did not connect and report within " + (_options.HealthDeadlineMs / 1000).ToString() + " s");
                return;
            }

            if (!_link.IsOnline || _record.ReportState != 0 || (HealthCheck != null && !HealthCheck.IsHealthy()))
            {
                return;
            }

            if (_reporter.Send(OtaState.Confirmed, _record.Transfer, 100, 0, _activation.Boot.Version, ""))
            {
                _activation.Confirm();
                Fire(OtaEvent.Healthy, "");
            }
        }

        /// <summary>
        /// The loader (Ota/Loader/SlotLoader) gave up on the release this record is about before any image could confirm
        /// it, and started the previous slot: the boot record no longer names it and lists it as rejected. Reported as a
        /// rollback with the loader's reason; without this, a record left in Trial would read as confirmed.
        /// </summary>
        private bool RolledBackByLoader()
        {
            BootRecord boot = _activation.Boot;
            if ((_record.Step != OtaStep.Trial && _record.Step != OtaStep.Activating)
                || boot.RejectedTransfer != _record.Transfer || boot.ActiveTransfer == _record.Transfer)
            {
                return false;
            }

            string problem = Loader.LoadAttempts.Problem(_flash, _record.Transfer);
            Fire(OtaEvent.RolledBack, "loader: " + (problem == null ? "started the previous slot" : problem));
            return true;
        }

        /// <summary>Points the boot record back at the previous slot (idempotent), remembers the release as rejected, reboots.</summary>
        private void EnterRollingBack(string reason)
        {
            ReleaseManifest rolledBack;
            if (_activation.RollBack(_record.Transfer, out rolledBack))
            {
                _manifest = rolledBack;
            }

            Fire(OtaEvent.RolledBack, reason);
            RequestReboot(ResetReason.OtaRollback);
        }

        /// <summary>Makes a report the pending one and sends it at once when online.</summary>
        private void Report(OtaState state, uint transfer, string version, string reason)
        {
            OtaReporter.SetPending(_record, state, transfer, version, reason);
            _reporter.Flush(_record);
        }

        private void RequestReboot(ResetReason reason)
        {
            _rebootRequested = true;
            _board.Reboot(reason);
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
