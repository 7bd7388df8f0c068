using IotStack.Protocol;

namespace IotStack.Firmware.Ota
{
    /// <summary>Offers: the signature is checked before any manifest field is read.</summary>
    public sealed partial class OtaUpdater
    {
        /// <summary>Handles an <see cref="OtaOffer"/> frame from ota/offer (retained: it comes again on every reconnect).</summary>
        public void HandleOffer(byte[] payload, int length)
        {
            if (rebootRequested || offer.ReadFrom(payload, 0, length) != DecodeStatus.Ok)
            {
                return;
            }

            uint id = offer.TransferId;
            if (id != 0 && id == boot.ActiveTransfer)
            {
                // Already running it (a re-delivered retained offer): say so, unless probation will.
                if (record.Step == OtaStep.Idle)
                {
                    SetReport(OtaState.Confirmed, id, boot.Version, "");
                    FlushReport();
                }

                return;
            }

            if (id == boot.RejectedTransfer && id != 0)
            {
                string why = id == record.RefusedTransfer && record.RefusedReason.Length > 0
                    ? record.RefusedReason
                    : "rolled back earlier on this board; not installing it again";
                SetReport(OtaState.RolledBack, id, "", why);
                FlushReport();
                return;
            }

            if (id == record.RefusedTransfer && id != 0)
            {
                SetReport(OtaState.Failed, id, "", record.RefusedReason);
                FlushReport();
                return;
            }

            if (record.Step != OtaStep.Idle && (record.Transfer == id || record.Step != OtaStep.Downloading))
            {
                return;
            }

            // 1. Signature over the exact manifest bytes, before trusting any of them (RFC 8032 §5.1.7).
            if (!verifier.Verify(publicKey, offer.Manifest, 0, offer.ManifestLength, offer.Signature, 0, offer.SignatureLength))
            {
                Refuse(id, "", "signature: manifest is not signed by this fleet's release key");
                return;
            }

            byte[] bytes = new byte[offer.ManifestLength];
            System.Array.Copy(offer.Manifest, 0, bytes, 0, bytes.Length);
            ReleaseManifest offered = Parse(bytes);
            if (offered == null)
            {
                Refuse(id, "", "manifest: signed but malformed");
                return;
            }

            // 2. Made for this board?
            if (offered.Board != board.BoardType)
            {
                Refuse(id, offered.Version, "board: image is for '" + offered.Board + "', this board is '" + board.BoardType + "'");
                return;
            }

            // 3. Anti-rollback: never below the floor the installed release set.
            if (boot.Floor.Length > 0 && ReleaseVersion.Compare(offered.Version, boot.Floor) < 0)
            {
                Refuse(id, offered.Version, "downgrade: " + offered.Version + " is below the minimum version " + boot.Floor);
                return;
            }

            if (offered.Version == boot.Version)
            {
                SetReport(OtaState.Confirmed, id, boot.Version, "already running " + boot.Version);
                FlushReport();
                return;
            }

            int target = 1 - boot.ActiveSlot;
            if (record.Step == OtaStep.Downloading)
            {
                SlotFiles.Clear(flash, record.TargetSlot, manifest); // superseded by a newer offer
            }
            else if (record.PartialTransfer != id)
            {
                // The inactive slot holds an older image or another transfer's leftovers: make room.
                SlotFiles.Clear(flash, target, Parse(boot.PreviousManifest));
                SlotFiles.Clear(flash, target, offered);
            }

            if (flash.FreeBytes < offered.TotalSize)
            {
                SetReport(OtaState.Failed, id, offered.Version, "space: " + offered.TotalSize.ToString() + " bytes needed, " + flash.FreeBytes.ToString() + " free");
                record.Save(flash);
                FlushReport();
                return;
            }

            record.Transfer = id;
            record.TargetSlot = target;
            record.PartialTransfer = 0;
            record.Manifest = bytes;
            byte[] signature = new byte[offer.SignatureLength];
            System.Array.Copy(offer.Signature, 0, signature, 0, signature.Length);
            record.Signature = signature;
            manifest = offered;
            Send(OtaState.Offered, id, 0, 0, offered.Version, "");
            Fire(OtaEvent.OfferAccepted, "");
        }

        private void Refuse(uint id, string version, string reason)
        {
            record.RefusedTransfer = id;
            record.RefusedReason = reason;
            SetReport(OtaState.Failed, id, version, reason);
            record.Save(flash);
            FlushReport();
        }
    }
}
