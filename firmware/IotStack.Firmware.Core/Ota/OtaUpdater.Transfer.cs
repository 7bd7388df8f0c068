using IotStack.Protocol;

namespace IotStack.Firmware.Ota
{
    /// <summary>Device-paced download into the inactive slot, local reuse of unchanged files (delta), and hashing.</summary>
    public sealed partial class OtaUpdater
    {
        private readonly RequestWindow window;
        private int fileIndex;
        private int windowFile;
        private int attempts;
        private int timeoutMs;
        private long receivedBytes;
        private int reportedPercent;
        private bool[] reusable;
        private int verifyFile;
        private int verifyPos;

        /// <summary>Bytes fetched over the network in this boot (delta downloads fetch fewer).</summary>
        public long DownloadedBytes { get; private set; }

        /// <summary>
        /// Handles an <see cref="OtaChunk"/> frame from ota/chunk. Only answers to requests in the window count; one at the
        /// last byte written goes to flash at once, followed by any held answers it makes contiguous; one further ahead is
        /// held. Stale, duplicate or damaged chunks are dropped (the request times out and is sent again).
        /// </summary>
        public void HandleChunk(byte[] payload, int length)
        {
            if (record.Step != OtaStep.Downloading || rebootRequested)
            {
                return;
            }

            if (chunk.ReadFrom(payload, 0, length) != DecodeStatus.Ok || chunk.TransferId != record.Transfer
                || chunk.FileIndex != fileIndex || fileIndex >= manifest.Files.Length || chunk.DataLength == 0 || windowFile != fileIndex)
            {
                return;
            }

            ManifestFile f = manifest.Files[fileIndex];
            string name = SlotFiles.Name(record.TargetSlot, f.Name);
            int have = LengthOf(name);
            int slot = window.Find((int)chunk.Offset, chunk.DataLength);
            if (slot < 0 || (int)chunk.Offset < have || (int)chunk.Offset + chunk.DataLength > (int)f.Size)
            {
                return;
            }

            bool whole = chunk.DataLength == window.LengthOf(slot);
            if ((int)chunk.Offset > have)
            {
                if (whole)
                {
                    window.Hold(slot, chunk.Data, chunk.DataLength);
                }

                return;
            }

            if (!Append(f, name, have, chunk.Data, chunk.DataLength, slot))
            {
                return;
            }

            have += chunk.DataLength;
            window.Grow();
            timeoutMs = options.RequestTimeoutMs;
            if (!whole)
            {
                // A short answer leaves a gap before the requests behind it: ask again from the new end.
                window.Reset(have);
            }

            for (int held = window.BufferedAt(have); held >= 0; held = window.BufferedAt(have))
            {
                int n = window.LengthOf(held);
                if (!Append(f, name, have, window.DataOf(held), n, held))
                {
                    return;
                }

                have += n;
            }

            attempts = 0;
            ReportPercent();
            Pump();
        }

        /// <summary>Writes one chunk at the end of the slot file and frees its window slot.</summary>
        private bool Append(ManifestFile f, string name, int have, byte[] data, int count, int slot)
        {
            if (!flash.WriteAt(name, have, data, 0, count))
            {
                Fire(OtaEvent.TransferFailed, "flash: write failed at " + f.Name + " offset " + have.ToString());
                return false;
            }

            window.Release(slot);
            receivedBytes += count;
            DownloadedBytes += count;
            return true;
        }

        private void StartDownload()
        {
            fileIndex = 0;
            windowFile = -1;
            attempts = 0;
            timeoutMs = options.RequestTimeoutMs;
            receivedBytes = 0;
            reportedPercent = -1;
            reusable = new bool[manifest.Files.Length];
            for (int i = 0; i < manifest.Files.Length; i++)
            {
                ManifestFile f = manifest.Files[i];
                receivedBytes += LengthOf(SlotFiles.Name(record.TargetSlot, f.Name));

                // Delta: a file the running image has with the same signed hash is copied locally, not fetched.
                int at = activeManifest == null ? -1 : activeManifest.IndexOf(f.Name);
                reusable[i] = at >= 0 && activeManifest.Files[at].SameContentAs(f)
                    && LengthOf(SlotFiles.Name(boot.ActiveSlot, f.Name)) == (int)f.Size;
            }

            Pump();
        }

        /// <summary>Moves the download on: next file, a local copy step, or requests to keep the window full.</summary>
        private void Pump()
        {
            while (fileIndex < manifest.Files.Length)
            {
                ManifestFile f = manifest.Files[fileIndex];
                string name = SlotFiles.Name(record.TargetSlot, f.Name);
                int have = LengthOf(name);
                if (have > (int)f.Size)
                {
                    flash.Delete(name);
                    have = 0;
                    windowFile = -1;
                }

                if (have == (int)f.Size)
                {
                    fileIndex++;
                    attempts = 0;
                    continue;
                }

                if (reusable[fileIndex])
                {
                    CopyFromActive(f, name, have);
                    return;
                }

                RequestChunks(f, have);
                return;
            }

            Fire(OtaEvent.AllReceived, "");
        }

        /// <summary>
        /// Asks again for an overdue request, then fills the window. Device-paced: nothing is asked beyond the window, and a
        /// lost connection forgets the window so the transfer resumes from the last byte written, the only offset flash proves.
        /// </summary>
        private void RequestChunks(ManifestFile f, int have)
        {
            long now = clock.UptimeMs;
            if (windowFile != fileIndex)
            {
                window.Reset(have);
                windowFile = fileIndex;
            }

            if (!link.IsOnline)
            {
                // A broker outage is not the gateway's silence: wait, then resume from this offset.
                window.Reset(have);
                return;
            }

            if (timeoutMs < options.RequestTimeoutMs)
            {
                timeoutMs = options.RequestTimeoutMs;
            }

            int late = window.Overdue(now, timeoutMs, have);
            if (late >= 0 && window.OffsetOf(late) == have)
            {
                attempts++;
                if (attempts >= options.MaxRequestAttempts)
                {
                    Fire(OtaEvent.TransferFailed, "transfer: no data for " + f.Name + " at offset " + have.ToString() + " after " + attempts.ToString() + " requests");
                    return;
                }

                // Congestion, not loss, is the likely cause: start again from the head with one request in flight,
                // and wait longer for it (1×, 2×, 4×, 4× … RequestTimeoutMs) so a busy gateway can catch up.
                window.Reset(have);
                window.Backoff();
                if (timeoutMs < 4 * options.RequestTimeoutMs)
                {
                    timeoutMs *= 2;
                }
            }
            else if (late >= 0)
            {
                Request(window.OffsetOf(late), window.LengthOf(late));
                window.Resent(late, now);
            }

            while (window.HasRoom && window.NextOffset < (int)f.Size)
            {
                int left = (int)f.Size - window.NextOffset;
                int length = left < options.ChunkSize ? left : options.ChunkSize;
                if (!Request(window.NextOffset, length))
                {
                    return;
                }

                window.Add(length, now);
            }
        }

        private bool Request(int offset, int length)
        {
            request.TransferId = record.Transfer;
            request.FileIndex = fileIndex;
            request.Offset = (uint)offset;
            request.Length = length;
            return link.SendRequest(request);
        }

        private void CopyFromActive(ManifestFile f, string name, int have)
        {
            string source = SlotFiles.Name(boot.ActiveSlot, f.Name);
            int budget = options.CopyBytesPerTick;
            while (budget > 0 && have < (int)f.Size)
            {
                int n = flash.Read(source, have, buffer, 0, buffer.Length < (int)f.Size - have ? buffer.Length : (int)f.Size - have);
                if (n <= 0 || !flash.WriteAt(name, have, buffer, 0, n))
                {
                    reusable[fileIndex] = false; // fall back to fetching this file
                    return;
                }

                have += n;
                budget -= n;
                receivedBytes += n;
            }
        }

        private void ReportPercent()
        {
            int percent = manifest.TotalSize == 0 ? 100 : (int)(receivedBytes * 100 / manifest.TotalSize);
            if (percent / 10 != reportedPercent / 10)
            {
                reportedPercent = percent;
                Send(OtaState.Downloading, record.Transfer, percent, (uint)receivedBytes, manifest.Version, "");
            }
        }

        private void StartVerify()
        {
            verifyFile = 0;
            verifyPos = 0;
            fileSha.Reset();
            imageSha.Reset();
            Send(OtaState.Verifying, record.Transfer, 100, manifest.TotalSize, manifest.Version, "");
        }

        /// <summary>Hashes up to <see cref="OtaOptions.HashBytesPerTick"/> bytes; each file and then the whole image must match the signed manifest.</summary>
        private void VerifySome()
        {
            int budget = options.HashBytesPerTick;
            while (budget > 0)
            {
                if (verifyFile >= manifest.Files.Length)
                {
                    byte[] image = new byte[Sha256.HashSize];
                    imageSha.Final(image, 0);
                    if (!SameHash(image, manifest.ImageSha256))
                    {
                        Fire(OtaEvent.HashMismatch, "hash: image digest does not match the manifest");
                        return;
                    }

                    Fire(OtaEvent.HashesOk, "");
                    return;
                }

                ManifestFile f = manifest.Files[verifyFile];
                string name = SlotFiles.Name(record.TargetSlot, f.Name);
                if (verifyPos < (int)f.Size)
                {
                    int n = flash.Read(name, verifyPos, buffer, 0, buffer.Length);
                    if (n <= 0)
                    {
                        Fire(OtaEvent.HashMismatch, "hash: " + f.Name + " is shorter than the manifest says");
                        return;
                    }

                    if (verifyPos + n > (int)f.Size)
                    {
                        n = (int)f.Size - verifyPos;
                    }

                    fileSha.Update(buffer, 0, n);
                    imageSha.Update(buffer, 0, n);
                    verifyPos += n;
                    budget -= n;
                    continue;
                }

                byte[] digest = new byte[Sha256.HashSize];
                fileSha.Final(digest, 0);
                if (LengthOf(name) != (int)f.Size || !SameHash(digest, f.Sha256))
                {
                    Fire(OtaEvent.HashMismatch, "hash: " + f.Name + " does not match the signed manifest");
                    return;
                }

                verifyFile++;
                verifyPos = 0;
            }
        }

        private int LengthOf(string name)
        {
            int n = flash.Length(name);
            return n < 0 ? 0 : n;
        }

        private static bool SameHash(byte[] a, byte[] b)
        {
            for (int i = 0; i < Sha256.HashSize; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
