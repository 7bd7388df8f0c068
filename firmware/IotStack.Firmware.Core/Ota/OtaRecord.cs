using IotStack.Firmware.Hal;
using IotStack.Protocol;

namespace IotStack.Firmware.Ota
{
    /// <summary>
    /// The updater's saved state, replaced atomically before every risky step so a power cut resumes
    /// (or gives up) instead of guessing. Also holds the one report that must reach the gateway even
    /// across a reboot (Failed, Installed, Confirmed, RolledBack).
    /// Layout: ['U'][format 1][step u8][entries u8][transfer u32][target slot u8][partial transfer u32]
    /// [refused transfer u32][refused reason str16][report state u8][report transfer u32][report version str8]
    /// [report reason str16][manifest bytes16][signature bytes16][CRC-32].
    /// </summary>
    public sealed class OtaRecord
    {
        public const string FileName = "ota.state";
        private const int MaxSize = 64 + (3 * (OtaProgress.MaxReasonBytes + 2)) + ReleaseManifest.MaxBytes + 2 + OtaOffer.MaxSignatureBytes + 2;

        public OtaRecord()
        {
            Manifest = new byte[0];
            Signature = new byte[0];
            RefusedReason = "";
            ReportVersion = "";
            ReportReason = "";
        }

        public OtaStep Step { get; set; }

        /// <summary>How many times the current step was entered or resumed after a restart.</summary>
        public int Entries { get; set; }

        public uint Transfer { get; set; }

        public int TargetSlot { get; set; }

        /// <summary>A failed transfer whose received bytes are kept: the same offer again resumes them.</summary>
        public uint PartialTransfer { get; set; }

        /// <summary>Last offer refused for good (signature, board, downgrade, hash); a repeat gets the same answer.</summary>
        public uint RefusedTransfer { get; set; }

        public string RefusedReason { get; set; }

        /// <summary>0 when nothing is pending, else the <see cref="OtaState"/> to report.</summary>
        public int ReportState { get; set; }

        public uint ReportTransfer { get; set; }

        public string ReportVersion { get; set; }

        public string ReportReason { get; set; }

        /// <summary>Signed manifest bytes of the transfer under way (re-verified after every restart).</summary>
        public byte[] Manifest { get; set; }

        public byte[] Signature { get; set; }

        public static OtaRecord Load(IFlashStore flash)
        {
            int length = flash.Length(FileName);
            if (length < 8 || length > MaxSize)
            {
                return null;
            }

            byte[] b = new byte[length];
            if (flash.Read(FileName, 0, b, 0, length) != length || !RecordCodec.CheckCrc(b, length) || b[0] != 'U' || b[1] != 1)
            {
                return null;
            }

            OtaRecord r = new OtaRecord();
            int pos = 2;
            int end = length - 4;
            if (end - pos < 19)
            {
                return null;
            }

            byte step = b[pos++];
            if (step > (byte)OtaStep.RollingBack)
            {
                return null;
            }

            r.Step = (OtaStep)step;
            r.Entries = b[pos++];
            r.Transfer = Wire.ReadU32(b, ref pos);
            r.TargetSlot = b[pos++];
            r.PartialTransfer = Wire.ReadU32(b, ref pos);
            r.RefusedTransfer = Wire.ReadU32(b, ref pos);
            string s;
            byte[] m;
            if (!RecordCodec.ReadReason(b, ref pos, end, out s)) { return null; }
            r.RefusedReason = s;
            if (end - pos < 5) { return null; }
            r.ReportState = b[pos++];
            r.ReportTransfer = Wire.ReadU32(b, ref pos);
            if (!RecordCodec.ReadString(b, ref pos, end, out s)) { return null; }
            r.ReportVersion = s;
            if (!RecordCodec.ReadReason(b, ref pos, end, out s)) { return null; }
            r.ReportReason = s;
            if (!RecordCodec.ReadBlob(b, ref pos, end, out m)) { return null; }
            r.Manifest = m;
            if (!RecordCodec.ReadBlob(b, ref pos, end, out m)) { return null; }
            r.Signature = m;
            return pos == end ? r : null;
        }

        public bool Save(IFlashStore flash)
        {
            byte[] b = new byte[MaxSize];
            int pos = 0;
            b[pos++] = (byte)'U';
            b[pos++] = 1;
            b[pos++] = (byte)Step;
            b[pos++] = (byte)(Entries > 255 ? 255 : Entries);
            Wire.WriteU32(b, ref pos, Transfer);
            b[pos++] = (byte)TargetSlot;
            Wire.WriteU32(b, ref pos, PartialTransfer);
            Wire.WriteU32(b, ref pos, RefusedTransfer);
            Wire.WriteString(b, ref pos, RefusedReason, 2, OtaProgress.MaxReasonBytes);
            b[pos++] = (byte)ReportState;
            Wire.WriteU32(b, ref pos, ReportTransfer);
            Wire.WriteString(b, ref pos, ReportVersion, 1, ReleaseManifest.MaxStringBytes);
            Wire.WriteString(b, ref pos, ReportReason, 2, OtaProgress.MaxReasonBytes);
            Wire.WriteBytes(b, ref pos, Manifest, 0, Manifest.Length);
            Wire.WriteBytes(b, ref pos, Signature, 0, Signature.Length);
            pos = RecordCodec.AppendCrc(b, pos);
            return flash.Replace(FileName, b, 0, pos);
        }
    }
}
