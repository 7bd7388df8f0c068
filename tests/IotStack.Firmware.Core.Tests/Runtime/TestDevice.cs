using IotStack.Firmware.Runtime;
using IotStack.Firmware.Sensors;
using IotStack.Firmware.Tests.Fakes;
using IotStack.Protocol;

namespace IotStack.Firmware.Tests.Runtime
{
    /// <summary>
    /// One board on fakes: a scripted two-channel sensor, in-RAM flash and broker. <see cref="Reboot"/>
    /// builds a new runtime over the same flash, as a power cycle would.
    /// </summary>
    internal sealed class TestDevice
    {
        public readonly FakeClock Clock = new FakeClock();
        public readonly FakeFlashStore Flash = new FakeFlashStore();
        public readonly FakeMqttTransport Mqtt = new FakeMqttTransport();
        public readonly FakeBoard Board = new FakeBoard();
        public readonly FakeSensor Sensor = new FakeSensor("fake", new byte[] { Channel.Temperature, Channel.Humidity });

        public TestDevice()
        {
            Sensor.Set(0, 21.5f);
            Sensor.Set(1, 40f);
            Reboot();
        }

        public DeviceRuntime Runtime { get; private set; }

        public DeviceTopics Topics
        {
            get { return Runtime.Topics; }
        }

        public void Reboot()
        {
            DeviceConfig config = new DeviceConfig("lab", "board-1", "1.2.3");
            config.QueueSegmentBytes = 1024;
            config.QueueSegments = 4;
            config.InboxSlotBytes = 256;
            Runtime = new DeviceRuntime(config, Board, Clock, Flash, Mqtt, new ISensor[] { Sensor });
            Runtime.Start();
        }

        /// <summary>Ticks every <paramref name="stepMs"/> for <paramref name="ms"/> of board time.</summary>
        public void RunFor(long ms, long stepMs)
        {
            for (long t = 0; t < ms; t += stepMs)
            {
                Runtime.Tick();
                Clock.Advance(stepMs);
            }
        }

        public void Send(Command command)
        {
            byte[] frame = new byte[command.FrameLength];
            int length = command.WriteTo(frame, 0);
            Mqtt.Deliver(Topics.Command, frame, length);
            Runtime.Tick();
        }

        public CommandReply LastReply()
        {
            PublishedMessage[] replies = Mqtt.On(Topics.CommandReply);
            if (replies.Length == 0)
            {
                return null;
            }

            CommandReply reply = new CommandReply();
            byte[] frame = replies[replies.Length - 1].Payload;
            return reply.ReadFrom(frame, 0, frame.Length) == DecodeStatus.Ok ? reply : null;
        }

        public TelemetryBatch[] Batches()
        {
            PublishedMessage[] messages = Mqtt.On(Topics.Telemetry);
            TelemetryBatch[] batches = new TelemetryBatch[messages.Length];
            for (int i = 0; i < messages.Length; i++)
            {
                batches[i] = new TelemetryBatch();
                batches[i].ReadFrom(messages[i].Payload, 0, messages[i].Payload.Length);
            }

            return batches;
        }

        public Finding[] Findings()
        {
            PublishedMessage[] messages = Mqtt.On(Topics.Finding);
            Finding[] findings = new Finding[messages.Length];
            for (int i = 0; i < messages.Length; i++)
            {
                findings[i] = new Finding();
                findings[i].ReadFrom(messages[i].Payload, 0, messages[i].Payload.Length);
            }

            return findings;
        }

        public StatusReport LastStatus()
        {
            PublishedMessage[] messages = Mqtt.On(Topics.Status);
            StatusReport report = new StatusReport();
            byte[] frame = messages[messages.Length - 1].Payload;
            report.ReadFrom(frame, 0, frame.Length);
            return report;
        }

        public bool LogContains(string text)
        {
            PublishedMessage[] messages = Mqtt.On(Topics.Log);
            for (int i = 0; i < messages.Length; i++)
            {
                LogRecord record = new LogRecord();
                record.ReadFrom(messages[i].Payload, 0, messages[i].Payload.Length);
                if (record.Message.IndexOf(text) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        public static Command NewCommand(uint id, CommandKind kind)
        {
            Command command = new Command();
            command.CommandId = id;
            command.Kind = kind;
            command.Min = float.NaN;
            command.Max = float.NaN;
            command.MaxRatePerSecond = float.NaN;
            command.SigmaK = float.NaN;
            return command;
        }
    }
}
