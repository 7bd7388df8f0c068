#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using IotStack.Firmware.Tests.Runtime;
using IotStack.Protocol;

namespace IotStack.Firmware.Tests.Commands
{
    [TestClass]
    public class CommandProcessorTests
    {
        [TestMethod]
        public void Execute_Ping_RepliesOkWithSameId()
        {
            TestDevice device = Online();

            device.Send(TestDevice.NewCommand(4242, CommandKind.Ping));

            CommandReply reply = device.LastReply();
            Assert.AreEqual(4242u, reply.CommandId);
            Assert.AreEqual(CommandStatus.Ok, reply.Status);
            Assert.IsTrue(reply.Text.IndexOf("pong") == 0);
        }

        [TestMethod]
        public void Execute_SetSamplePeriod_ChangesReadCadence()
        {
            TestDevice device = Online();
            Command command = TestDevice.NewCommand(5, CommandKind.SetSamplePeriod);
            command.Channel = Channel.Temperature;
            command.IntValue = 250;
            device.Send(command);
            int before = device.Sensor.Reads;

            device.RunFor(2050, 50); // reads at 250, 500 … 2000 ms

            Assert.AreEqual(CommandStatus.Ok, device.LastReply().Status);
            Assert.AreEqual(8, device.Sensor.Reads - before);
        }

        [TestMethod]
        public void Execute_SetSamplePeriodOfUnknownChannel_RepliesInvalidArgument()
        {
            TestDevice device = Online();
            Command command = TestDevice.NewCommand(6, CommandKind.SetSamplePeriod);
            command.Channel = Channel.Pressure;
            command.IntValue = 1000;

            device.Send(command);

            Assert.AreEqual(6u, device.LastReply().CommandId);
            Assert.AreEqual(CommandStatus.InvalidArgument, device.LastReply().Status);
        }

        [TestMethod]
        public void Execute_SetSamplePeriodTooShort_RepliesInvalidArgument()
        {
            TestDevice device = Online();
            Command command = TestDevice.NewCommand(6, CommandKind.SetSamplePeriod);
            command.Channel = Channel.Temperature;
            command.IntValue = 5;

            device.Send(command);

            Assert.AreEqual(CommandStatus.InvalidArgument, device.LastReply().Status);
            Assert.AreEqual(1000, device.Runtime.Settings.SamplePeriodMs(Channel.Temperature));
        }

        [TestMethod]
        public void Execute_SetThresholdsWithOversizeWindow_RepliesInvalidArgumentAndKeepsOldSpec()
        {
            TestDevice device = Online();
            Command command = TestDevice.NewCommand(9, CommandKind.SetThresholds);
            command.Channel = Channel.Temperature;
            command.SigmaK = 3f;
            command.Window = 1000;

            device.Send(command);

            Assert.AreEqual(CommandStatus.InvalidArgument, device.LastReply().Status);
            Assert.IsFalse(device.Runtime.Checks.For(Channel.Temperature).Thresholds.HasSigma);
        }

        [TestMethod]
        public void Execute_ReadConfig_DescribesSettingsOfMeasuredChannels()
        {
            TestDevice device = Online();

            device.Send(TestDevice.NewCommand(10, CommandKind.ReadConfig));

            string text = device.LastReply().Text;
            Assert.IsTrue(text.IndexOf("heartbeat_s=60") >= 0, text);
            Assert.IsTrue(text.IndexOf("temperature: sensor=fake period_ms=1000") >= 0, text);
            Assert.IsTrue(text.IndexOf("pressure") < 0, "no sensor measures pressure here");
        }

        [TestMethod]
        public void Execute_DumpLogs_ResendsRecentRecords()
        {
            TestDevice device = Online();
            int before = device.Mqtt.On(device.Topics.Log).Length;
            Command command = TestDevice.NewCommand(11, CommandKind.DumpLogs);
            command.IntValue = 2;

            device.Send(command);

            Assert.AreEqual(CommandStatus.Ok, device.LastReply().Status);
            Assert.AreEqual(before + 2, device.Mqtt.On(device.Topics.Log).Length);
        }

        [TestMethod]
        public void Execute_Reboot_RepliesThenAnnouncesAndRestarts()
        {
            TestDevice device = Online();

            device.Send(TestDevice.NewCommand(12, CommandKind.Reboot));

            Assert.AreEqual(12u, device.LastReply().CommandId);
            Assert.AreEqual(CommandStatus.Ok, device.LastReply().Status);
            Assert.AreEqual(DeviceState.Rebooting, device.LastStatus().State);
            Assert.IsTrue(device.Board.Rebooted);
            Assert.AreEqual(ResetReason.Software, device.Board.RebootReason);
            Assert.IsTrue(device.Runtime.IsStopped);
        }

        [TestMethod]
        public void Tick_DamagedCommandFrame_IsRefusedWithoutReply()
        {
            TestDevice device = Online();
            Command command = TestDevice.NewCommand(13, CommandKind.Ping);
            byte[] frame = new byte[command.FrameLength];
            int length = command.WriteTo(frame, 0);
            frame[6] ^= 0x01;

            device.Mqtt.Deliver(device.Topics.Command, frame, length);
            device.Runtime.Tick();

            Assert.IsNull(device.LastReply());
            Assert.IsTrue(device.LogContains("command frame refused"));
        }

        private static TestDevice Online()
        {
            TestDevice device = new TestDevice();
            device.Runtime.Tick();
            return device;
        }
    }
}
