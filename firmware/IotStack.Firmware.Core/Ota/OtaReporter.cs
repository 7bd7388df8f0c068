using IotStack.Firmware.Hal;
using IotStack.Protocol;

namespace IotStack.Firmware.Ota
{
    /// <summary>
    /// Progress to the gateway. Two kinds: progress on the way (sent once, a lost one is harmless) and the one
    /// must-deliver report kept in the update record (Failed, Installed, Confirmed, RolledBack), sent until the broker
    /// acknowledges it, across reboots. Download percent goes out in 10 % steps.
    /// </summary>
    internal sealed class OtaReporter
    {
        private readonly IOtaLink _link;
        private readonly IFlashStore _flash;
        private readonly OtaProgress _progress = new OtaProgress();
        private int _reportedPercent = -1;

        public OtaReporter(IOtaLink link, IFlashStore flash)
        {
            _link = link;
            _flash = flash;
        }

        /// <summary>Puts the must-deliver report in the record; the caller saves the record when the step requires it.</summary>
        public static void SetPending(OtaRecord record, OtaState state, uint transfer, string version, string reason)
        {
            record.ReportState = (int)state;
            record.ReportTransfer = transfer;
            record.ReportVersion = version == null ? "" : version;
            record.ReportReason = reason == null ? "" : reason;
        }

        /// <summary>Sends the pending report once online; cleared (and the record saved) only when the broker acknowledged.</summary>
        public void Flush(OtaRecord record)
        {
            if (record.ReportState == 0 || !_link.IsOnline)
            {
                return;
            }

            if (Send((OtaState)record.ReportState, record.ReportTransfer, 100, 0, record.ReportVersion, record.ReportReason))
            {
                record.ReportState = 0;
                record.Save(_flash);
            }
        }

        /// <summary>Sends one report now; true once the broker acknowledged it.</summary>
        public bool Send(OtaState state, uint transfer, int percent, uint bytes, string version, string reason)
        {
            _progress.TransferId = transfer;
            _progress.State = state;
            _progress.Percent = (byte)percent;
            _progress.BytesReceived = bytes;
            _progress.Version = version;
            _progress.Reason = reason;
            return _link.SendProgress(_progress);
        }

        /// <summary>Forgets the last percent sent: a new download reports from its first step.</summary>
        public void RestartPercent()
        {
            _reportedPercent = -1;
        }

        /// <summary>Sends Downloading when the received share crossed into another 10 % step.</summary>
        public void Percent(uint transfer, long receivedBytes, ReleaseManifest manifest)
        {
            int percent = manifest.TotalSize == 0 ? 100 : (int)(receivedBytes * 100 / manifest.TotalSize);
            if (percent / 10 != _reportedPercent / 10)
            {
                _reportedPercent = percent;
                Send(OtaState.Downloading, transfer, percent, (uint)receivedBytes, manifest.Version, "");
            }
        }
    }
}
