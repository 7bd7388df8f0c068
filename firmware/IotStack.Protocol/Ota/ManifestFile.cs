namespace IotStack.Protocol
{
    /// <summary>One file of a release: a nanoFramework assembly (.pe), a resource, or the single image of a .bin release.</summary>
    public sealed class ManifestFile
    {
        public const int MaxNameBytes = 64;
        public const int HashSize = 32;

        public ManifestFile()
        {
            Sha256 = new byte[HashSize];
        }

        /// <summary>1-64 of [A-Za-z0-9_.-]: a flat name, never a path, so a manifest cannot reach outside its slot.</summary>
        public string Name { get; set; }

        public uint Size { get; set; }

        public byte[] Sha256 { get; private set; }

        /// <summary>True when this file's name, size and hash equal <paramref name="other"/>'s: the board may reuse it.</summary>
        public bool SameContentAs(ManifestFile other)
        {
            if (other == null || other.Name != Name || other.Size != Size)
            {
                return false;
            }

            for (int i = 0; i < HashSize; i++)
            {
                if (other.Sha256[i] != Sha256[i])
                {
                    return false;
                }
            }

            return true;
        }

        public static bool IsValidName(string name)
        {
            if (name == null || name.Length == 0 || name.Length > MaxNameBytes || name == "." || name == "..")
            {
                return false;
            }

            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
