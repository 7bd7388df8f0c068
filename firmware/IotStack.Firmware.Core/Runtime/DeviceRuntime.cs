using System.Collections;
using System.Threading;
using IotStack.Firmware.Checks;
using IotStack.Firmware.Commands;
using IotStack.Firmware.Hal;
using IotStack.Firmware.Logging;
using IotStack.Firmware.Sensors;
using IotStack.Firmware.Storage;
using IotStack.Firmware.Telemetry;
using IotStack.Protocol;

namespace IotStack.Firmware.Runtime
{
    /// <summary>
    /// The board's firmware core: owns every component, restores persisted state in <see cref="Start"/>
    /// and runs one watchdog-fed main-loop iteration per <see cref="Tick"/> (see DeviceRuntime.Loop.cs).
    /// All buffers are allocated here, so the steady-state loop allocates nothing.
    /// Extension point: other components (OTA) register topics with <see cref="Subscribe"/>, get a
    /// slice of every iteration with <see cref="AddTickable"/> and publish through <see cref="Publish"/>.
    /// </summary>
    public sealed partial class DeviceRuntime : IFramePublisher
    {
        private const string Source = "device";

        private readonly DeviceConfig config;
        private readonly IBoard board;
        private readonly IClock clock;
        private readonly IMqttTransport transport;
        private readonly DeviceTopics topics;
        private readonly DeviceSettings settings = new DeviceSettings();
        private readonly SettingsStore settingsStore;
        private readonly CheckSet checks = new CheckSet();
        private readonly DeviceCounters counters = new DeviceCounters();
        private readonly Logger logger;
        private readonly FlashQueue queue;
        private readonly SequenceCounter batchSequence;
        private readonly Outbox outbox;
        private readonly Sampler sampler;
        private readonly CommandProcessor processor;
        private readonly StatusReporter status;
        private readonly MqttLink link;
        private readonly Inbox inbox;
        private readonly Command command = new Command();
        private readonly CommandReply reply = new CommandReply();
        private readonly byte[] rx;
        private readonly byte[] tx = new byte[Frame.Overhead + 5 + 2 + CommandReply.MaxTextBytes];
        private readonly byte[] will = new byte[StatusReporter.MaxFrameSize];
        private readonly ArrayList handlerTopics = new ArrayList();
        private readonly ArrayList handlers = new ArrayList();
        private readonly ArrayList tickables = new ArrayList();
        private long nextHeartbeatMs;
        private uint inboxDropsLogged;
        private bool started;
        private bool stopped;

        public DeviceRuntime(DeviceConfig config, IBoard board, IClock clock, IFlashStore flash, IMqttTransport transport, ISensor[] sensors)
        {
            this.config = config;
            this.board = board;
            this.clock = clock;
            this.transport = transport;
            topics = new DeviceTopics(config.Fleet, config.DeviceId);
            settingsStore = new SettingsStore(flash);
            logger = new Logger(clock, flash, config.LogRingCapacity, config.LogFileBytes);
            queue = new FlashQueue(flash, "sf", config.QueueSegmentBytes, config.QueueSegments);
            batchSequence = new SequenceCounter(flash, "seq.tlm");
            outbox = new Outbox(this, queue, topics.Telemetry, topics.Finding);
            sampler = new Sampler(sensors, checks, settings, new Batcher(batchSequence), outbox, logger, counters, clock);
            processor = new CommandProcessor(settings, settingsStore, checks, sampler, logger, clock);
            status = new StatusReporter(config, board, clock, counters, queue, logger);
            inbox = new Inbox(config.InboxSlots, config.InboxSlotBytes);
            rx = new byte[config.InboxSlotBytes];
            State = DeviceState.Online;
            int willLength = status.Write(DeviceState.Offline, will);
            link = new MqttLink(transport, config.Fleet + "." + config.DeviceId, topics.Status, will, willLength);
        }

        public DeviceTopics Topics
        {
            get { return topics; }
        }

        /// <summary>What heartbeats report: Online, or Updating while OTA installs.</summary>
        public DeviceState State { get; set; }

        public byte ActiveSlot
        {
            get { return status.ActiveSlot; }
            set { status.ActiveSlot = value; }
        }

        public bool IsOnline
        {
            get { return transport.IsConnected; }
        }

        /// <summary>True once a Reboot command was carried out (on the virtual board Reboot returns); Run stops.</summary>
        public bool IsStopped
        {
            get { return stopped; }
        }

        internal Logger Logger
        {
            get { return logger; }
        }

        internal DeviceSettings Settings
        {
            get { return settings; }
        }

        internal CheckSet Checks
        {
            get { return checks; }
        }

        internal DeviceCounters Counters
        {
            get { return counters; }
        }

        internal FlashQueue Queue
        {
            get { return queue; }
        }

        internal Inbox Inbox
        {
            get { return inbox; }
        }

        /// <summary>Routes messages on <paramref name="topic"/> to <paramref name="handler"/> (subscribed on every connect).</summary>
        public void Subscribe(string topic, IMessageHandler handler)
        {
            handlerTopics.Add(topic);
            handlers.Add(handler);
            if (started && transport.IsConnected)
            {
                transport.Subscribe(topic, inbox);
            }
        }

        public void AddTickable(ITickable tickable)
        {
            tickables.Add(tickable);
        }

        public void Log(LogLevel level, string source, string message)
        {
            logger.Log(level, source, message);
        }

        public bool Publish(string topic, byte[] buffer, int offset, int count, bool retain)
        {
            if (!transport.IsConnected)
            {
                return false;
            }

            if (transport.Publish(topic, buffer, offset, count, retain))
            {
                return true;
            }

            counters.SendFailures++;
            return false;
        }

        /// <summary>Restores settings, log, queue and sequences from flash and initialises the sensors.</summary>
        public void Start()
        {
            logger.Open();
            SettingsLoad load = settingsStore.Load(settings);
            for (int c = 1; c <= CheckSet.MaxChannel; c++)
            {
                checks.For(c).Apply(settings.Thresholds(c));
            }

            queue.Open();
            batchSequence.Open();
            logger.Info(Source, "boot " + config.FirmwareVersion + " reset=" + ((int)board.LastResetReason).ToString()
                + " queued=" + queue.Depth.ToString());
            if (load == SettingsLoad.Corrupt)
            {
                logger.Error(Source, "settings file corrupt: using defaults");
            }

            sampler.Start();
            started = true;
        }

        /// <summary>Loops <see cref="Tick"/> until <paramref name="stop"/> is set or a reboot was carried out.</summary>
        public void Run(WaitHandle stop)
        {
            if (!started)
            {
                Start();
            }

            while (!stopped)
            {
                Tick();
                if (stopped)
                {
                    break;
                }

                long wait = sampler.Scheduler.MsUntilNext(clock.UptimeMs);
                if (wait > config.MaxIdleMs)
                {
                    wait = config.MaxIdleMs;
                }

                if (stop.WaitOne((int)wait, false))
                {
                    break;
                }
            }
        }
    }
}
