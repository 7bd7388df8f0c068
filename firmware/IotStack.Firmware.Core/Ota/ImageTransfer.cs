using IotStack.Firmware.Hal;
using IotStack.Protocol;

namespace IotStack.Firmware.Ota
{
    /// <summary>
    /// Device-paced download of a release into the inactive slot: a window of chunk requests in flight
    /// (<see cref="RequestWindow"/>), answers written in order, resume from each file's length (the only offset flash
    /// proves), and local copies of files the running image already has with the same signed hash (delta).
    /// Fails as a value: the caller turns <see cref="TransferStatus.Failed"/> into the state machine's event.
    /// </summary>
    internal sealed class ImageTransfer
    {
        private readonly IFlashStore _flash;
        private readonly IClock _clock;
        private readonly IOtaLink _link;
        private readonly OtaOptions _options;
        private readonly byte[] _buffer;
        private readonly RequestWindow _window;
        private readonly OtaChunkRequest _request = new OtaChunkRequest();
        private ReleaseManifest _manifest;
        private uint _transfer;
        private int _slot;
        private int _activeSlot;
        private int _fileIndex;
        private int _windowFile;
        private int _attempts;
        private int _timeoutMs;
        private bool[] _reusable;

        /// <summary><paramref name="buffer"/> is shared with the verifier: the two never run in the same tick.</summary>
        public ImageTransfer(IFlashStore flash, IClock clock, IOtaLink link, OtaOptions options, byte[] buffer)
        {
            _flash = flash;
            _clock = clock;
            _link = link;
            _options = options;
            _buffer = buffer;
            int windowSize = options.RequestWindow > 8 ? 8 : options.RequestWindow;
            int chunkSize = options.ChunkSize < 1 || options.ChunkSize > OtaChunk.MaxDataBytes ? OtaChunk.MaxDataBytes : options.ChunkSize;
            _window = new RequestWindow(windowSize, chunkSize);
        }

        /// <summary>Bytes of the release in the slot (received, copied or kept from an earlier attempt).</summary>
        public long ReceivedBytes { get; private set; }

        /// <summary>Bytes fetched over the network since start-up (delta downloads fetch fewer).</summary>
        public long DownloadedBytes { get; private set; }

        /// <summary>Why the transfer failed.</summary>
        public string Reason { get; private set; }

        /// <summary>
        /// Starts (or resumes) a download of <paramref name="manifest"/> into <paramref name="slot"/>; files of
        /// <paramref name="activeManifest"/> in <paramref name="activeSlot"/> with the same content are copied, not fetched.
        /// </summary>
        public void Start(uint transfer, ReleaseManifest manifest, int slot, ReleaseManifest activeManifest, int activeSlot)
        {
            _transfer = transfer;
            _manifest = manifest;
            _slot = slot;
            _activeSlot = activeSlot;
            _fileIndex = 0;
            _windowFile = -1;
            _attempts = 0;
            _timeoutMs = _options.RequestTimeoutMs;
            ReceivedBytes = 0;
            Reason = "";
            _reusable = new bool[manifest.Files.Length];
            for (int i = 0; i < manifest.Files.Length; i++)
            {
                ManifestFile f = manifest.Files[i];
                ReceivedBytes += SlotFiles.LengthOf(_flash, SlotFiles.Name(slot, f.Name));

                // Delta: a file the running image has with the same signed hash is copied locally, not fetched.
                int at = activeManifest == null ? -1 : activeManifest.IndexOf(f.Name);
                _reusable[i] = at >= 0 && activeManifest.Files[at].SameContentAs(f)
                    && SlotFiles.LengthOf(_flash, SlotFiles.Name(activeSlot, f.Name)) == (int)f.Size;
            }
        }

        /// <summary>
        /// Takes a decoded chunk of this transfer. Only answers to requests in the window count; one at the last byte
        /// written goes to flash at once, followed by any held answers it makes contiguous; one further ahead is held.
        /// Stale, duplicate or damaged chunks are dropped (the request times out and is sent again).
        /// Returns <see cref="TransferStatus.Working"/> when bytes were written; the caller reports and pumps then.
        /// </summary>
        public TransferStatus Accept(OtaChunk chunk)
        {
            if (chunk.FileIndex != _fileIndex || _fileIndex >= _manifest.Files.Length || chunk.DataLength == 0 || _windowFile != _fileIndex)
            {
                return TransferStatus.Ignored;
            }

            ManifestFile f = _manifest.Files[_fileIndex];
            string name = SlotFiles.Name(_slot, f.Name);
            int have = SlotFiles.LengthOf(_flash, name);
            int slot = _window.Find((int)chunk.Offset, chunk.DataLength);
            if (slot < 0 || (int)chunk.Offset < have || (int)chunk.Offset + chunk.DataLength > (int)f.Size)
            {
                return TransferStatus.Ignored;
            }

            bool whole = chunk.DataLength == _window.LengthOf(slot);
            if ((int)chunk.Offset > have)
            {
                if (whole)
                {
                    _window.Hold(slot, chunk.Data, chunk.DataLength);
                }

                return TransferStatus.Ignored;
            }

            if (!Append(f, name, have, chunk.Data, chunk.DataLength, slot))
            {
                return TransferStatus.Failed;
            }

            have += chunk.DataLength;
            _window.Grow();
            _timeoutMs = _options.RequestTimeoutMs;
            if (!whole)
            {
                // A short answer leaves a gap before the requests behind it: ask again from the new end.
                _window.Reset(have);
            }

            for (int held = _window.BufferedAt(have); held >= 0; held = _window.BufferedAt(have))
            {
                int n = _window.LengthOf(held);
                if (!Append(f, name, have, _window.DataOf(held), n, held))
                {
                    return TransferStatus.Failed;
                }

                have += n;
            }

            _attempts = 0;
            return TransferStatus.Working;
        }

        /// <summary>Moves the download on: next file, a local copy step, or requests to keep the window full.</summary>
        public TransferStatus Pump()
        {
            while (_fileIndex < _manifest.Files.Length)
            {
                ManifestFile f = _manifest.Files[_fileIndex];
                string name = SlotFiles.Name(_slot, f.Name);
                int have = SlotFiles.LengthOf(_flash, name);
                if (have > (int)f.Size)
                {
                    _flash.Delete(name);
                    have = 0;
                    _windowFile = -1;
                }

                if (have == (int)f.Size)
                {
                    _fileIndex++;
                    _attempts = 0;
                    continue;
                }

                if (_reusable[_fileIndex])
                {
                    CopyFromActive(f, name, have);
                    return TransferStatus.Working;
                }

                return RequestChunks(f, have);
            }

            return TransferStatus.Complete;
        }

        /// <summary>Writes one chunk at the end of the slot file and frees its window slot.</summary>
        private bool Append(ManifestFile f, string name, int have, byte[] data, int count, int slot)
        {
            if (!_flash.WriteAt(name, have, data, 0, count))
            {
                Reason = "flash: write failed at " + f.Name + " offset " + have.ToString();
                return false;
            }

            _window.Release(slot);
            ReceivedBytes += count;
            DownloadedBytes += count;
            return true;
        }

        /// <summary>
        /// Asks again for an overdue request, then fills the window. Device-paced: nothing is asked beyond the window, and a
        /// lost connection forgets the window so the transfer resumes from the last byte written, the only offset flash proves.
        /// </summary>
        private TransferStatus RequestChunks(ManifestFile f, int have)
        {
            long now = _clock.UptimeMs;
            if (_windowFile != _fileIndex)
            {
                _window.Reset(have);
                _windowFile = _fileIndex;
            }

            if (!_link.IsOnline)
            {
                // A broker outage is not the gateway's silence: wait, then resume from this offset.
                _window.Reset(have);
                return TransferStatus.Working;
            }

            if (_timeoutMs < _options.RequestTimeoutMs)
            {
                _timeoutMs = _options.RequestTimeoutMs;
            }

            int late = _window.Overdue(now, _timeoutMs, have);
            if (late >= 0 && _window.OffsetOf(late) == have)
            {
                _attempts++;
                if (_attempts >= _options.MaxRequestAttempts)
                {
                    Reason = "transfer: no data for " + f.Name + " at offset " + have.ToString() + " after " + _attempts.ToString() + " requests";
                    return TransferStatus.Failed;
                }

                // Congestion, not loss, is the likely cause: start again from the head with one request in flight,
                // and wait longer for it (1×, 2×, 4×, 4× … RequestTimeoutMs) so a busy gateway can catch up.
                _window.Reset(have);
                _window.Backoff();
                if (_timeoutMs < 4 * _options.RequestTimeoutMs)
                {
                    _timeoutMs *= 2;
                }
            }
            else if (late >= 0)
            {
                Request(_window.OffsetOf(late), _window.LengthOf(late));
                _window.Resent(late, now);
            }

            while (_window.HasRoom && _window.NextOffset < (int)f.Size)
            {
                int left = (int)f.Size - _window.NextOffset;
                int length = left < _options.ChunkSize ? left : _options.ChunkSize;
                if (!Request(_window.NextOffset, length))
                {
                    return TransferStatus.Working;
                }

                _window.Add(length, now);
            }

            return TransferStatus.Working;
        }

        private bool Request(int offset, int length)
        {
            _request.TransferId = _transfer;
            _request.FileIndex = _fileIndex;
            _request.Offset = (uint)offset;
            _request.Length = length;
            return _link.SendRequest(_request);
        }

        private void CopyFromActive(ManifestFile f, string name, int have)
        {
            string source = SlotFiles.Name(_activeSlot, f.Name);
            int budget = _options.CopyBytesPerTick;
            while (budget > 0 && have < (int)f.Size)
            {
                int n = _flash.Read(source, have, _buffer, 0, _buffer.Length < (int)f.Size - have ? _buffer.Length : (int)f.Size - have);
                if (n <= 0 || !_flash.WriteAt(name, have, _buffer, 0, n))
                {
                    _reusable[_fileIndex] = false; // fall back to fetching this file
                    return;
                }

                have += n;
                budget -= n;
                ReceivedBytes += n;
            }
        }
    }
}
