using System;
using System.Collections;
using IotStack.Firmware.Ota;
using IotStack.Protocol;

namespace IotStack.Firmware.Tests.Ota.Support
{
    /// <summary>
    /// The gateway's side of the wire, in process: queues the board's chunk requests and answers them from a release's
    /// files when <see cref="Deliver"/> runs; records every progress report.
    /// </summary>
    internal sealed class LoopbackLink : IOtaLink
    {
        private readonly ArrayList requests = new ArrayList();
        private readonly ArrayList reports = new ArrayList();
        private readonly OtaChunk chunk = new OtaChunk();

        public LoopbackLink()
        {
            IsOnline = true;
            TruncateAt = -1;
            TamperFile = -1;
        }

        public bool IsOnline { get; set; }

        public TestRelease Serving { get; set; }

        /// <summary>Serve nothing at or past this many bytes of each file (a truncated object in the store); -1: off.</summary>
        public int TruncateAt { get; set; }

        /// <summary>Flip a byte of this file's first chunk after reading it and before its CRC (a tampered store); -1: off.</summary>
        public int TamperFile { get; set; }

        public int Requests { get; private set; }

        public long BytesServed { get; private set; }

        public int ReportCount
        {
            get { return reports.Count; }
        }

        public OtaProgress Report(int index)
        {
            return (OtaProgress)reports[index];
        }

        public OtaProgress Last
        {
            get { return reports.Count == 0 ? null : (OtaProgress)reports[reports.Count - 1]; }
        }

        /// <summary>True when some report had this state.</summary>
        public bool Reported(OtaState state)
        {
            for (int i = 0; i < reports.Count; i++)
            {
                if (((OtaProgress)reports[i]).State == state)
                {
                    return true;
                }
            }

            return false;
        }

        public bool SendRequest(OtaChunkRequest request)
        {
            if (!IsOnline)
            {
                return false;
            }

            Requests++;
            requests.Add(new uint[] { request.TransferId, (uint)request.FileIndex, request.Offset, (uint)request.Length });
            return true;
        }

        public bool SendProgress(OtaProgress progress)
        {
            if (!IsOnline)
            {
                return false;
            }

            OtaProgress copy = new OtaProgress();
            copy.TransferId = progress.TransferId;
            copy.State = progress.State;
            copy.Percent = progress.Percent;
            copy.Version = progress.Version == null ? "" : progress.Version;
            copy.Reason = progress.Reason == null ? "" : progress.Reason;
            reports.Add(copy);
            return true;
        }

        /// <summary>Answers every queued request (answers may queue the next ones).</summary>
        public void Deliver(OtaUpdater updater)
        {
            while (requests.Count > 0)
            {
                uint[] r = (uint[])requests[0];
                requests.RemoveAt(0);
                if (Serving == null || r[0] != Serving.TransferId)
                {
                    continue;
                }

                byte[] content = Serving.Files[(int)r[1]];
                int limit = TruncateAt >= 0 && TruncateAt < content.Length ? TruncateAt : content.Length;
                int offset = (int)r[2];
                if (offset >= limit)
                {
                    continue;
                }

                int n = limit - offset < (int)r[3] ? limit - offset : (int)r[3];
                chunk.TransferId = r[0];
                chunk.FileIndex = (int)r[1];
                chunk.Offset = r[2];
                chunk.DataLength = n;
                Array.Copy(content, offset, chunk.Data, 0, n);
                if ((int)r[1] == TamperFile && offset == 0)
                {
                    chunk.Data[10] ^= 0xFF;
                }

                byte[] frame = new byte[chunk.FrameLength];
                chunk.WriteTo(frame, 0);
                BytesServed += n;
                updater.HandleChunk(frame, frame.Length);
            }
        }

        public void DropPending()
        {
            requests.Clear();
        }

        public void ClearReports()
        {
            reports.Clear();
        }
    }
}
