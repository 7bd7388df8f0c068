using IotStack.Firmware.Hal;
using IotStack.Protocol;

namespace IotStack.Firmware.Ota
{
    /// <summary>
    /// Hashes a downloaded slot a bounded slice per tick (<see cref="OtaOptions.HashBytesPerTick"/>): every file, then the
    /// whole image, must match the signed manifest before the boot record may point at the slot.
    /// </summary>
    internal sealed class ImageVerifier
    {
        private readonly IFlashStore _flash;
        private readonly byte[] _buffer;
        private readonly OtaOptions _options;
        private readonly Sha256 _fileSha = new Sha256();
        private readonly Sha256 _imageSha = new Sha256();
        private ReleaseManifest _manifest;
        private int _slot;
        private int _file;
        private int _position;

        /// <summary><paramref name="buffer"/> is shared with the transfer: the two never run in the same tick.</summary>
        public ImageVerifier(IFlashStore flash, byte[] buffer, OtaOptions options)
        {
            _flash = flash;
            _buffer = buffer;
            _options = options;
        }

        public string Reason { get; private set; }

        public void Start(ReleaseManifest manifest, int slot)
        {
            _manifest = manifest;
            _slot = slot;
            _file = 0;
            _position = 0;
            Reason = "";
            _fileSha.Reset();
            _imageSha.Reset();
        }

        /// <summary>Hashes up to the per-tick budget.</summary>
        public VerifyStatus VerifySome()
        {
            int budget = _options.HashBytesPerTick;
            while (budget > 0)
            {
                if (_file >= _manifest.Files.Length)
                {
                    byte[] image = new byte[Sha256.HashSize];
                    _imageSha.Final(image, 0);
                    return SameHash(image, _manifest.ImageSha256) ? VerifyStatus.Matched : Fail("hash: image digest does not match the manifest");
                }

                ManifestFile f = _manifest.Files[_file];
                string name = SlotFiles.Name(_slot, f.Name);
                if (_position < (int)f.Size)
                {
                    int n = _flash.Read(name, _position, _buffer, 0, _buffer.Length);
                    if (n <= 0)
                    {
                        return Fail("hash: " + f.Name + " is shorter than the manifest says");
                    }

                    if (_position + n > (int)f.Size)
                    {
                        n = (int)f.Size - _position;
                    }

                    _fileSha.Update(_buffer, 0, n);
                    _imageSha.Update(_buffer, 0, n);
                    _position += n;
                    budget -= n;
                    continue;
                }

                byte[] digest = new byte[Sha256.HashSize];
                _fileSha.Final(digest, 0);
                if (SlotFiles.LengthOf(_flash, name) != (int)f.Size || !SameHash(digest, f.Sha256))
                {
                    return Fail("hash: " + f.Name + " does not match the signed manifest");
                }

                _file++;
                _position = 0;
            }

            return VerifyStatus.Working;
        }

        private VerifyStatus Fail(string reason)
        {
            Reason = reason;
            return VerifyStatus.Mismatch;
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
