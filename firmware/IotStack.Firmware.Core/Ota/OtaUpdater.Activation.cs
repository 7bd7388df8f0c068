using IotStack.Protocol;

namespace IotStack.Firmware.Ota
{
    /// <summary>Switching slots, probation after the reboot, and rollback. Each boot-record write is the commit point.</summary>
    public sealed partial class OtaUpdater
    {
        private long probationDeadline;

        /// <summary>Writes the boot record for the new slot (idempotent after a restart), then reboots into it.</summary>
        private void EnterActivating()
        {
            if (boot.ActiveTransfer != record.Transfer)
            {
                boot.PreviousSlot = boot.ActiveSlot;
                boot.PreviousTransfer = boot.ActiveTransfer;
                boot.PreviousVersion = boot.Version;
                boot.PreviousFloor = boot.Floor;
                boot.PreviousManifest = boot.Manifest;
                boot.ActiveSlot = record.TargetSlot;
                boot.ActiveTransfer = record.Transfer;
                boot.Version = manifest.Version;
                string minimum = manifest.MinimumVersion;
                if (minimum != null && minimum.Length > 0 && (boot.Floor.Length == 0 || ReleaseVersion.Compare(minimum, boot.Floor) > 0))
                {
                    boot.Floor = minimum;
                }

                boot.Manifest = record.Manifest;
                boot.Trial = true;
                boot.TrialBoots = 0;
                if (!boot.Save(flash))
                {
                    BootRecord old = BootRecord.Load(flash);
                    boot = old == null ? BootRecord.Factory(factoryVersion) : old;
                    Fire(OtaEvent.ReentryCap, "flash: cannot write the boot record");
                    return;
                }
            }

            SetReport(OtaState.Installed, record.Transfer, manifest.Version, "");
            Fire(OtaEvent.Activated, "");
            RequestReboot(ResetReason.OtaActivation);
        }

        /// <summary>A boot of an image on probation: counted, and past the cap it is a reboot loop that ends in rollback.</summary>
        private void BootIntoTrial()
        {
            if (record.Step == OtaStep.RollingBack)
            {
                EnterRollingBack(record.ReportReason); // cut short before the boot record switched back
                return;
            }

            boot.TrialBoots++;
            boot.Save(flash);
            if (record.Step == OtaStep.Activating)
            {
                Fire(OtaEvent.Activated, "");
            }

            if (record.Step != OtaStep.Trial)
            {
                // The update record was lost; still on probation, for the release the boot record names.
                record.Step = OtaStep.Trial;
                record.Transfer = boot.ActiveTransfer;
                record.Save(flash);
            }

            if (boot.TrialBoots > options.MaxTrialBoots)
            {
                Fire(OtaEvent.ReentryCap, "reboot loop: new image restarted " + boot.TrialBoots.ToString() + " times without reporting");
                return;
            }

            probationDeadline = clock.UptimeMs + options.HealthDeadlineMs;
        }

        /// <summary>Probation: confirmed by an acknowledged Confirmed report (connected and reporting) while the app check passes.</summary>
        private void CheckProbation()
        {
            if (clock.UptimeMs > probationDeadline)
            {
                Fire(OtaEvent.Unhealthy, "health check: new image did not connect and report within " + (options.HealthDeadlineMs / 1000).ToString() + " s");
                return;
            }

            if (!link.IsOnline || record.ReportState != 0 || (HealthCheck != null && !HealthCheck.IsHealthy()))
            {
                return;
            }

            if (Send(OtaState.Confirmed, record.Transfer, 100, 0, boot.Version, ""))
            {
                boot.Trial = false;
                boot.TrialBoots = 0;
                boot.Save(flash);
                activeManifest = Parse(boot.Manifest);
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
            if ((record.Step != OtaStep.Trial && record.Step != OtaStep.Activating)
                || boot.RejectedTransfer != record.Transfer || boot.ActiveTransfer == record.Transfer)
            {
                return false;
            }

            string problem = Loader.LoadAttempts.Problem(flash, record.Transfer);
            Fire(OtaEvent.RolledBack, "loader: " + (problem == null ? "started the previous slot" : problem));
            return true;
        }

        /// <summary>Points the boot record back at the previous slot (idempotent), remembers the release as rejected, reboots.</summary>
        private void EnterRollingBack(string reason)
        {
            if (boot.ActiveTransfer == record.Transfer)
            {
                boot.RejectedTransfer = boot.ActiveTransfer;
                manifest = Parse(boot.Manifest);
                boot.ActiveSlot = boot.PreviousSlot;
                boot.ActiveTransfer = boot.PreviousTransfer;
                boot.Version = boot.PreviousVersion;
                boot.Floor = boot.PreviousFloor;
                boot.Manifest = boot.PreviousManifest;
                boot.Trial = false;
                boot.TrialBoots = 0;
                boot.Save(flash);
                activeManifest = Parse(boot.Manifest);
            }

            Fire(OtaEvent.RolledBack, reason);
            RequestReboot(ResetReason.OtaRollback);
        }
    }
}
