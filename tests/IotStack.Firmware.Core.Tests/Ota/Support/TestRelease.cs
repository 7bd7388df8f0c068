using System;
using IotStack.Firmware.Ota;
using IotStack.Protocol;

namespace IotStack.Firmware.Tests.Ota.Support
{
    /// <summary>
    /// A signed release built the same way on the host and on nanoFramework: file bytes from a fixed generator, a manifest
    /// with a fixed creation time, and an Ed25519 signature computed once off-board (boards only verify). The signatures
    /// below belong to the test-only key whose 32-byte seed is SHA-256("iotstack-firmware-core-tests"). A change to the
    /// manifest format or to these releases shows as "signature:" refusals: sign each <see cref="ManifestBytes"/> again
    /// with that seed (any RFC 8032 implementation; Ed25519 signatures are deterministic) and paste the hex here.
    /// </summary>
    internal sealed class TestRelease
    {
        public const string Board = "esp32";

        /// <summary>Public half of the test-only release key.</summary>
        public static readonly byte[] PublicKey = Hex.Parse("fb345726e17a1b671b284accf493b692727055c574c67e93e096357e7a34c5f7");

        private TestRelease(string version, string minimum, int seed, int files, int size, int changedFile, string signatureHex)
        {
            Files = new byte[files][];
            ReleaseManifest manifest = new ReleaseManifest();
            manifest.Version = version;
            manifest.Board = Board;
            manifest.MinimumVersion = minimum;
            manifest.CreatedMs = 1700000000000;
            manifest.Files = new ManifestFile[files];
            Sha256 image = new Sha256();
            uint total = 0;
            for (int i = 0; i < files; i++)
            {
                byte[] content = Content(seed, i, size + (i * 37));
                if (i == changedFile)
                {
                    for (int b = 0; b < content.Length; b++)
                    {
                        content[b] ^= 0x5A;
                    }
                }

                Files[i] = content;
                ManifestFile file = new ManifestFile();
                file.Name = "Part" + i.ToString() + ".pe";
                file.Size = (uint)content.Length;
                byte[] digest = Sha256.Hash(content, 0, content.Length);
                Array.Copy(digest, 0, file.Sha256, 0, digest.Length);
                manifest.Files[i] = file;
                image.Update(content, 0, content.Length);
                total += (uint)content.Length;
            }

            manifest.TotalSize = total;
            image.Final(manifest.ImageSha256, 0);
            Manifest = manifest;
            ManifestBytes = manifest.ToBytes();
            Signature = Hex.Parse(signatureHex);
            byte[] id = Sha256.Hash(ManifestBytes, 0, ManifestBytes.Length);
            TransferId = (uint)(id[0] | (id[1] << 8) | (id[2] << 16) | (id[3] << 24));
        }

        public ReleaseManifest Manifest { get; private set; }

        public byte[] ManifestBytes { get; private set; }

        public byte[] Signature { get; private set; }

        public byte[][] Files { get; private set; }

        public uint TransferId { get; private set; }

        /// <summary>1.1.0: three files of about 3 KB.</summary>
        public static TestRelease V110()
        {
            return new TestRelease("1.1.0", "", 1, 3, 3000, -1,
                "1d6e1d8c4ba5df53d3c735bd5d845848fb45f50ecf301d8b47684b0b847667db547d6e0f328c2245895642af555331fabe06dec2aca808071614a71a7e5e720b");
        }

        /// <summary>1.2.0: the files of 1.1.0 with the second one changed (a delta update fetches only that one).</summary>
        public static TestRelease V120Delta()
        {
            return new TestRelease("1.2.0", "", 1, 3, 3000, 1,
                "9385441c3eec769775c3511b130717831868fc9c4043fce23540a456175c61a1a58369aec7a4da0e2ce46300cc68b12b9099d71004f18dfec0fd334f53580e00");
        }

        /// <summary>2.0.0, which sets the anti-rollback floor to 1.5.0.</summary>
        public static TestRelease V200Floor150()
        {
            return new TestRelease("2.0.0", "1.5.0", 2, 2, 1000, -1,
                "48fcfc785aafdbeda806dfb56f3b079fce673fdbc7c2e9cc6498773bd86de7e2362aa829c337a60210e62a02d53570dedfd7dbdb4b02edf4d99c4785e32f5b01");
        }

        /// <summary>1.4.0: below 2.0.0's floor.</summary>
        public static TestRelease V140()
        {
            return new TestRelease("1.4.0", "", 3, 2, 1000, -1,
                "cc470c0b9542791f624253e7b3d5264667df805d3367678c4b4ef408aca7625e6f30d879001d274d9f160ac5d2308051bf8298023a3061e7454f4c74dfd3e10b");
        }

        /// <summary>The retained ota/offer frame, with this release's signature or another one.</summary>
        public byte[] OfferFrame(byte[] signature)
        {
            OtaOffer offer = new OtaOffer();
            offer.TransferId = TransferId;
            offer.ManifestLength = ManifestBytes.Length;
            Array.Copy(ManifestBytes, 0, offer.Manifest, 0, ManifestBytes.Length);
            byte[] sig = signature == null ? Signature : signature;
            Array.Copy(sig, 0, offer.Signature, 0, sig.Length);
            offer.SignatureLength = sig.Length;
            byte[] frame = new byte[offer.FrameLength];
            offer.WriteTo(frame, 0);
            return frame;
        }

        /// <summary>Deterministic bytes (a linear congruential generator): the same on every runtime.</summary>
        private static byte[] Content(int seed, int file, int size)
        {
            byte[] content = new byte[size];
            uint x = (uint)((seed * 7919) + (file * 104729) + 1);
            for (int i = 0; i < size; i++)
            {
                x = (x * 1664525) + 1013904223;
                content[i] = (byte)(x >> 24);
            }

            return content;
        }
    }
}
