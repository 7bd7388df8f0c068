using IotStack.Firmware.Hal;
using IotStack.Protocol;

namespace IotStack.Firmware.Ota
{
    /// <summary>
    /// Which slot the board boots, saved as one file replaced atomically: switching this record is the
    /// single commit point of an update and of a rollback. It also keeps what the running image is
    /// (version, manifest for delta downloads, anti-rollback floor) and what it replaced.
    /// Layout: ['B'][format 1][active u8][trial u8][trial boots u8][active transfer u32][version str8]
    /// [floor str8][manifest bytes16][previous slot u8][previous transfer u32][previous version str8]
    /// [previous floor str8][previous manifest bytes16][rejected transfer u32][CRC-32].
    /// </summary>
    public sealed class BootRecord
    {
        public const string FileName = "ota.boot";
        private const int MaxSize = 64 + (2 * (ReleaseManifest.MaxBytes + 2)) + (4 * 33);

        public BootRecord()
        {
            Manifest = new byte[0];
            PreviousManifest = new byte[0];
            Version = "";
            Floor = "";
            PreviousVersion = "";
            PreviousFloor = "";
        }

        public int ActiveSlot { get; set; }

        /// <summary>The active slot is on probation: it has not yet proved it can connect and report.</summary>
        public bool Trial { get; set; }

        public int TrialBoots { get; set; }

        /// <summary>Transfer id of the release in the active slot (0 for the factory image).</summary>
        public uint ActiveTransfer { get; set; }

        public string Version { get; set; }

        /// <summary>Lowest version this board may ever go to (the installed manifest's minimum version).</summary>
        public string Floor { get; set; }

        /// <summary>Signed manifest of the active slot; empty for the factory image (no delta possible then).</summary>
        public byte[] Manifest { get; set; }

        public int PreviousSlot { get; set; }

        public uint PreviousTransfer { get; set; }

        public string PreviousVersion { get; set; }

        public string PreviousFloor { get; set; }

        public byte[] PreviousManifest { get; set; }

        /// <summary>A release that was rolled back here: offered again, it is refused rather than reinstalled.</summary>
        public uint RejectedTransfer { get; set; }

        /// <summary>The record a board starts with before its first update.</summary>
        public static BootRecord Factory(string version)
        {
            BootRecord r = new BootRecord();
            r.Version = version;
            r.PreviousVersion = version;
            return r;
        }

        /// <summary>Loads the record; null when absent or damaged (the caller falls back to the factory record).</summary>
        public static BootRecord Load(IFlashStore flash)
        {
            int length = flash.Length(FileName);
            if (length < 8 || length > MaxSize)
            {
                return null;
            }

            byte[] b = new byte[length];
            if (flash.Read(FileName, 0, b, 0, length) != length || !RecordCodec.CheckCrc(b, length) || b[0] != 'B' || b[1] != 1)
            {
                return null;
            }

            BootRecord r = new BootRecord();
            int pos = 2;
            int end = length - 4;
            r.ActiveSlot = b[pos++];
            r.Trial = b[pos++] != 0;
            r.TrialBoots = b[pos++];
            r.ActiveTransfer = Wire.ReadU32(b, ref pos);
            string s;
            byte[] m;
            if (!RecordCodec.ReadString(b, ref pos, end, out s)) { return null; }
            r.Version = s;
            if (!RecordCodec.ReadString(b, ref pos, end, out s)) { return null; }
            r.Floor = s;
            if (!RecordCodec.ReadBlob(b, ref pos, end, out m)) { return null; }
            r.Manifest = m;
            if (end - pos < 5) { return null; }
            r.PreviousSlot = b[pos++];
            r.PreviousTransfer = Wire.ReadU32(b, ref pos);
            if (!RecordCodec.ReadString(b, ref pos, end, out s)) { return null; }
            r.PreviousVersion = s;
            if (!RecordCodec.ReadString(b, ref pos, end, out s)) { return null; }
            r.PreviousFloor = s;
            if (!RecordCodec.ReadBlob(b, ref pos, end, out m)) { return null; }
            r.PreviousManifest = m;
            if (end - pos != 4) { return null; }
            r.RejectedTransfer = Wire.ReadU32(b, ref pos);
            return r;
        }

        public bool Save(IFlashStore flash)
        {
            byte[] b = new byte[MaxSize];
            int pos = 0;
            b[pos++] = (byte)'B';
            b[pos++] = 1;
            b[pos++] = (byte)ActiveSlot;
            b[pos++] = (byte)(Trial ? 1 : 0);
            b[pos++] = (byte)TrialBoots;
            Wire.WriteU32(b, ref pos, ActiveTransfer);
            Wire.WriteString(b, ref pos, Version, 1, ReleaseManifest.MaxStringBytes);
            Wire.WriteString(b, ref pos, Floor, 1, ReleaseManifest.MaxStringBytes);
            Wire.WriteBytes(b, ref pos, Manifest, 0, Manifest.Length);
            b[pos++] = (byte)PreviousSlot;
            Wire.WriteU32(b, ref pos, PreviousTransfer);
            Wire.WriteString(b, ref pos, PreviousVersion, 1, ReleaseManifest.MaxStringBytes);
            Wire.WriteString(b, ref pos, PreviousFloor, 1, ReleaseManifest.MaxStringBytes);
            Wire.WriteBytes(b, ref pos, PreviousManifest, 0, PreviousManifest.Length);
            Wire.WriteU32(b, ref pos, RejectedTransfer);
            pos = RecordCodec.AppendCrc(b, pos);
            return flash.Replace(FileName, b, 0, pos);
        }
    }
}
