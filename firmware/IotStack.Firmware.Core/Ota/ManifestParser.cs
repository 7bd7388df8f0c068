using IotStack.Protocol;

namespace IotStack.Firmware.Ota
{
    /// <summary>Saved or offered manifest bytes to a manifest; null for none (the factory image) or for bytes that do not decode.</summary>
    internal static class ManifestParser
    {
        public static ReleaseManifest Parse(byte[] bytes)
        {
            if (bytes == null || bytes.Length == 0)
            {
                return null;
            }

            ReleaseManifest m = new ReleaseManifest();
            return m.ReadFrom(bytes, 0, bytes.Length) == DecodeStatus.Ok ? m : null;
        }
    }
}
