#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System.Threading;
using IotStack.Firmware.Storage;
using IotStack.Firmware.Tests.Fakes;
using IotStack.Protocol;

namespace IotStack.Firmware.Tests.Runtime
{
    [TestClass]
    public class DeviceRuntimeTests
    {
        [TestMethod]
        public void Tick_FirstConnect_SubscribesAndPublishesRetainedOnlineStatus()
        {
            TestDevice device = new TestDevice();

            device.Runtime.Tick();

            Assert.IsTrue(device.Mqtt.IsSubscribed(device.Topics.Command));
            PublishedMessage[] statuses = device.Mqtt.On(device.Topics.Status);
            Assert.AreEqual(1, statuses.Length);
            Assert.IsTrue(statuses[0].Retain);
            StatusReport online = device.LastStatus();
            Assert.AreEqual(DeviceState.Online, online.State);
            Assert.AreEqual("1.2.3", online.FirmwareVersion);
            Assert.AreEqual("test", online.Board);
            Assert.AreEqual(ResetReason.PowerOn, online.ResetReason);

            StatusReport will = new StatusReport();
            Assert.AreEqual(device.Topics.Status, device.Mqtt.WillTopic);
            Assert.AreEqual(DecodeStatus.Ok, will.ReadFrom(device.Mqtt.Will, 0, device.Mqtt.Will.Length));
            Assert.AreEqual(DeviceState.Offline, will.State);
        }

        [TestMethod]
        public void Run_StopAlreadySignalled_ReturnsAfterOneIteration()
        {
            TestDevice device = new TestDevice();

            device.Runtime.Run(new ManualResetEvent(true));

            Assert.AreEqual(1, device.Board.WatchdogFeeds);
            Assert.AreEqual(1, device.Sensor.Reads);
        }

        [TestMethod]
        public void Run_RebootCommandReceived_ReturnsWithoutStopSignal()
        {
            TestDevice device = new TestDevice();
            device.Runtime.Tick();
            Command reboot = TestDevice.NewCommand(3, CommandKind.Reboot);
            byte[] frame = new byte[reboot.FrameLength];
            device.Mqtt.Deliver(device.Topics.Command, frame, reboot.WriteTo(frame, 0));

            device.Runtime.Run(new ManualResetEvent(false));

            Assert.IsTrue(device.Board.Rebooted);
            Assert.IsTrue(device.Runtime.IsStopped);
        }

        [TestMethod]
        public void Tick_EveryIteration_FeedsWatchdog()
        {
            TestDevice device = new TestDevice();

            device.RunFor(5000, 100);

            Assert.AreEqual(50, device.Board.WatchdogFeeds);
        }

        [TestMethod]
        public void Tick_BatchFilled_PublishesSamplesWithRisingSequence()
        {
            TestDevice device = new TestDevice();

            device.RunFor(16000, 100); // 2 channels every second: 16 samples per 8 s

            TelemetryBatch[] batches = device.Batches();
            Assert.AreEqual(2, batches.Length);
            Assert.AreEqual(DeviceSettings.DefaultBatchMaxSamples, batches[0].Count);
            Assert.AreEqual(batches[0].Sequence + 1, batches[1].Sequence);
            Assert.AreEqual(0, batches[0].Flags & TelemetryBatch.FlagReplayed);
            Assert.AreEqual(Channel.Temperature, batches[0].ChannelAt(0));
            Assert.AreEqual(21.5f, batches[0].ValueAt(0));
            Assert.AreEqual(Channel.Humidity, batches[0].ChannelAt(1));
            Assert.AreEqual(40f, batches[0].ValueAt(1));
            Assert.AreEqual(batches[0].TimeAt(0) + 1000, batches[0].TimeAt(2));
        }

        [TestMethod]
        public void Tick_OfflineThenReconnected_ReplaysQueuedBatchesInOrderFlagged()
        {
            TestDevice device = new TestDevice();
            device.RunFor(1000, 100);
            device.Mqtt.BrokerReachable = false;
            device.RunFor(40000, 100); // 5 batches while offline

            Assert.AreEqual(0, device.Batches().Length);
            Assert.IsTrue(device.Runtime.Queue.Depth >= 4, "batches held in flash");

            device.Mqtt.BrokerReachable = true;
            device.RunFor(80000, 100);

            TelemetryBatch[] batches = device.Batches();
            Assert.IsTrue(batches.Length >= 9);
            for (int i = 1; i < batches.Length; i++)
            {
                Assert.AreEqual(batches[i - 1].Sequence + 1, batches[i].Sequence, "no gap, no reordering at " + i.ToString());
            }

            Assert.AreEqual(TelemetryBatch.FlagReplayed, batches[0].Flags & TelemetryBatch.FlagReplayed);
            Assert.AreEqual(0, batches[batches.Length - 1].Flags & TelemetryBatch.FlagReplayed, "live again after the backlog");
            Assert.AreEqual(0, device.Runtime.Queue.Depth);
        }

        [TestMethod]
        public void Reboot_WithQueuedDataAndSettings_KeepsBoth()
        {
            TestDevice device = new TestDevice();
            device.Runtime.Tick();
            Command thresholds = TestDevice.NewCommand(7, CommandKind.SetThresholds);
            thresholds.Channel = Channel.Temperature;
            thresholds.Max = 30f;
            device.Send(thresholds);
            Command period = TestDevice.NewCommand(8, CommandKind.SetSamplePeriod);
            period.Channel = Channel.Humidity;
            period.IntValue = 500;
            device.Send(period);
            device.Mqtt.BrokerReachable = false;
            device.RunFor(30000, 100);
            int queued = device.Runtime.Queue.Depth;
            Assert.IsTrue(queued > 0);

            device.Reboot();

            Assert.AreEqual(30f, device.Runtime.Checks.For(Channel.Temperature).Thresholds.Max);
            Assert.AreEqual(500, device.Runtime.Settings.SamplePeriodMs(Channel.Temperature));
            Assert.AreEqual(queued, device.Runtime.Queue.Depth);
            device.Mqtt.BrokerReachable = true;
            device.Runtime.Tick();
            device.Runtime.Tick();
            Assert.IsTrue(device.Batches().Length >= queued);
        }

        [TestMethod]
        public void Reboot_AfterReboot_BatchSequencesKeepRising()
        {
            TestDevice device = new TestDevice();
            device.RunFor(9000, 100);
            uint before = device.Batches()[0].Sequence;

            device.Reboot();
            device.RunFor(9000, 100);

            TelemetryBatch[] batches = device.Batches();
            Assert.IsTrue(batches[batches.Length - 1].Sequence > before);
        }

        [TestMethod]
        public void Tick_SpikeAboveMax_PublishesFindingAtOnceAndLogsIt()
        {
            TestDevice device = new TestDevice();
            Command thresholds = TestDevice.NewCommand(1, CommandKind.SetThresholds);
            thresholds.Channel = Channel.Temperature;
            thresholds.Max = 30f;
            device.Runtime.Tick();
            device.Send(thresholds);
            device.RunFor(3000, 100);
            Assert.AreEqual(0, device.Findings().Length);

            device.Sensor.Set(0, 55f);
            device.RunFor(1000, 100);

            Finding[] findings = device.Findings();
            Assert.AreEqual(1, findings.Length);
            Assert.AreEqual(FindingRule.AboveMax, findings[0].Rule);
            Assert.AreEqual(Channel.Temperature, findings[0].Channel);
            Assert.AreEqual(55f, findings[0].Value);
            Assert.AreEqual(1u, device.Runtime.Counters.CheckEvents);
            Assert.IsTrue(device.LogContains("above max"));
        }

        [TestMethod]
        public void Tick_SensorStopsAnswering_CountsReportsAndSendsNoValues()
        {
            TestDevice device = new TestDevice();
            device.RunFor(2000, 100);
            device.Sensor.NextStatus = IotStack.Firmware.Sensors.SensorStatus.Nack;

            device.RunFor(20000, 100);

            Assert.AreEqual(20u, device.Runtime.Counters.SensorErrors);
            Finding[] findings = device.Findings();
            Assert.AreEqual(5, findings.Length, "1st, 2nd, 4th, 8th and 16th failure are reported");
            Assert.AreEqual(FindingRule.SensorError, findings[0].Rule);
            Assert.AreEqual(16f, findings[4].Value);
            Assert.IsTrue(device.LogContains("nack"));
            Assert.IsTrue(device.Sensor.Initializations > 1, "re-initialised after losing the chip");
            device.RunFor(20000, 100);
            Assert.AreEqual(4u, device.Runtime.Counters.SamplesTaken, "only the 2 good reads counted");
        }

        [TestMethod]
        public void Start_CorruptSettingsFile_UsesDefaultsAndLogsIt()
        {
            TestDevice device = new TestDevice();
            device.Flash.Put(SettingsStore.FileName, new byte[] { 1, 2, 3 });

            device.Reboot();
            device.Runtime.Tick();

            Assert.AreEqual(DeviceSettings.DefaultHeartbeatSeconds, device.Runtime.Settings.HeartbeatSeconds);
            Assert.IsTrue(device.LogContains("corrupt"));
        }

        [TestMethod]
        public void Tick_HeartbeatPeriod_PublishesStatusWithCounters()
        {
            TestDevice device = new TestDevice();

            device.RunFor(61000, 100);

            PublishedMessage[] statuses = device.Mqtt.On(device.Topics.Status);
            Assert.AreEqual(2, statuses.Length);
            StatusReport report = device.LastStatus();
            Assert.AreEqual(60u, report.UptimeSeconds);
            Assert.AreEqual(122u, report.SamplesTaken, "61 reads of 2 channels, the heartbeat follows the read");
            Assert.AreEqual(123456u, report.FreeMemory);
        }
    }
}
