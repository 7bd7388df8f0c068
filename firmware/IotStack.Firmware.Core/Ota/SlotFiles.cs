using IotStack.Firmware.Hal;
using IotStack.Protocol;

namespace IotStack.Firmware.Ota
{
    /// <summary>
    /// Image files in flash, named by slot ("s0.App.pe", "s1.App.pe"): the running image lives in one
    /// slot while an update is written to the other, so a failed update never touches what boots.
    /// </summary>
    public static class SlotFiles
    {
        public static string Name(int slot, string file)
        {
            return "s" + slot.ToString() + "." + file;
        }

        /// <summary>Bytes of a file in flash; 0 when it does not exist.</summary>
        internal static int LengthOf(IFlashStore flash, string name)
        {
            int n = flash.Length(name);
            return n < 0 ? 0 : n;
        }

        /// <summary>Deletes every file a manifest lists from a slot (an abandoned or superseded download).</summary>
        public static void Clear(IFlashStore flash, int slot, ReleaseManifest manifest)
        {
            if (manifest == null)
            {
                return;
            }

            for (int i = 0; i < manifest.Files.Length; i++)
            {
                flash.Delete(Name(slot, manifest.Files[i].Name));
            }
        }

        /// <summary>True when every file of the manifest is in the slot with its signed size and SHA-256.</summary>
        public static bool IsComplete(IFlashStore flash, int slot, ReleaseManifest manifest, Sha256 sha, byte[] buffer)
        {
            for (int i = 0; i < manifest.Files.Length; i++)
            {
                if (!HashMatches(flash, Name(slot, manifest.Files[i].Name), manifest.Files[i], sha, buffer))
                {
                    return false;
                }
            }

            return true;
        }

        public static bool HashMatches(IFlashStore flash, string name, ManifestFile file, Sha256 sha, byte[] buffer)
        {
            if (flash.Length(name) != (int)file.Size)
            {
                return false;
            }

            sha.Reset();
            int pos = 0;
            while (pos < (int)file.Size)
            {
                int n = flash.Read(name, pos, buffer, 0, buffer.Length);
                if (n <= 0)
                {
                    return false;
                }

                sha.Update(buffer, 0, n);
                pos += n;
            }

            byte[] digest = new byte[Sha256.HashSize];
            sha.Final(digest, 0);
            for (int i = 0; i < Sha256.HashSize; i++)
            {
                if (digest[i] != file.Sha256[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
