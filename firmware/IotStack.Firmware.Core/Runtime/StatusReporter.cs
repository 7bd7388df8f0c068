using IotStack.Firmware.Hal;
using IotStack.Firmware.Logging;
using IotStack.Firmware.Storage;
using IotStack.Protocol;

namespace IotStack.Firmware.Runtime
{
    /// <summary>Fills the one preallocated StatusReport from the board's counters and encodes it.</summary>
    internal sealed class StatusReporter
    {
        /// <summary>Fixed part plus both strings at their cap.</summary>
        public const int MaxFrameSize = Frame.Overhead + 8 + 3 + (2 * (1 + StatusReport.MaxTextBytes)) + (9 * 4);

        private readonly StatusReport report = new StatusReport();
        private readonly IBoard board;
        private readonly IClock clock;
        private readonly DeviceCounters counters;
        private readonly FlashQueue queue;
        private readonly Logger logger;

        public StatusReporter(DeviceConfig config, IBoard board, IClock clock, DeviceCounters counters, FlashQueue queue, Logger logger)
        {
            this.board = board;
            this.clock = clock;
            this.counters = counters;
            this.queue = queue;
            this.logger = logger;
            report.FirmwareVersion = config.FirmwareVersion;
            report.Board = board.BoardType;
            report.ActiveSlot = config.ActiveSlot;
            report.ResetReason = board.LastResetReason;
        }

        public byte ActiveSlot
        {
            get { return report.ActiveSlot; }
            set { report.ActiveSlot = value; }
        }

        public int Write(DeviceState state, byte[] buffer)
        {
            report.TimeMs = clock.NowMs;
            report.State = state;
            report.UptimeSeconds = (uint)(clock.UptimeMs / 1000);
            report.FreeMemory = state == DeviceState.Offline ? 0 : board.FreeMemory;
            report.SamplesTaken = counters.SamplesTaken;
            report.SendFailures = counters.SendFailures;
            report.QueueDepth = (uint)queue.Depth;
            report.QueueDropped = queue.Dropped;
            report.LogsDropped = logger.Dropped;
            report.SensorErrors = counters.SensorErrors;
            report.CheckEvents = counters.CheckEvents;
            return report.WriteTo(buffer, 0);
        }
    }
}
