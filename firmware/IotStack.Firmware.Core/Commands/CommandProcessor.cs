using IotStack.Firmware.Checks;
using IotStack.Firmware.Hal;
using IotStack.Firmware.Logging;
using IotStack.Firmware.Storage;
using IotStack.Firmware.Telemetry;
using IotStack.Protocol;

namespace IotStack.Firmware.Commands
{
    /// <summary>
    /// Carries out gateway commands (Protocol Command) and fills the reply, which always carries the
    /// command's id. Changed settings are saved at once, so they survive a reboot. A reboot is only
    /// requested here; the device performs it after the reply has been published.
    /// </summary>
    internal sealed class CommandProcessor
    {
        private const string Source = "cmd";

        private readonly DeviceSettings settings;
        private readonly SettingsStore store;
        private readonly CheckSet checks;
        private readonly Sampler sampler;
        private readonly Logger logger;
        private readonly IClock clock;
        private readonly ChannelThresholds incoming = new ChannelThresholds();

        public CommandProcessor(DeviceSettings settings, SettingsStore store, CheckSet checks, Sampler sampler, Logger logger, IClock clock)
        {
            this.settings = settings;
            this.store = store;
            this.checks = checks;
            this.sampler = sampler;
            this.logger = logger;
            this.clock = clock;
        }

        public bool RebootRequested { get; private set; }

        public void Execute(Command command, CommandReply reply)
        {
            reply.CommandId = command.CommandId;
            reply.Status = CommandStatus.Ok;
            reply.Text = string.Empty;
            switch (command.Kind)
            {
                case CommandKind.Ping:
                    reply.Text = "pong uptime_ms=" + clock.UptimeMs.ToString();
                    break;
                case CommandKind.Reboot:
                    RebootRequested = true;
                    reply.Text = "rebooting";
                    logger.Warning(Source, "reboot requested by command " + command.CommandId.ToString());
                    break;
                case CommandKind.SetSamplePeriod:
                    SetSamplePeriod(command, reply);
                    break;
                case CommandKind.SetThresholds:
                    SetThresholds(command, reply);
                    break;
                case CommandKind.ReadConfig:
                    reply.Text = ConfigText.Describe(settings, sampler);
                    break;
                case CommandKind.DumpLogs:
                    int count = logger.Resend(command.IntValue > 0 ? command.IntValue : int.MaxValue);
                    reply.Text = "resending " + count.ToString() + " log records";
                    break;
                default:
                    reply.Status = CommandStatus.Unsupported;
                    reply.Text = "unsupported command";
                    break;
            }
        }

        private void SetSamplePeriod(Command command, CommandReply reply)
        {
            int sensor = sampler.SensorOwning(command.Channel);
            if (sensor < 0)
            {
                Refuse(reply, "no sensor measures channel " + command.Channel.ToString());
                return;
            }

            if (!DeviceSettings.IsValidSamplePeriod(command.IntValue))
            {
                Refuse(reply, "period must be " + DeviceSettings.MinSamplePeriodMs.ToString() + ".." + DeviceSettings.MaxSamplePeriodMs.ToString() + " ms");
                return;
            }

            Sensors.ISensor owner = sampler.SensorAt(sensor);
            for (int c = 0; c < owner.ChannelCount; c++)
            {
                settings.SetSamplePeriodMs(owner.ChannelAt(c), command.IntValue);
            }

            sampler.Scheduler.Schedule(sensor, clock.UptimeMs, command.IntValue);
            Save(reply, owner.Name + " period " + command.IntValue.ToString() + " ms");
        }

        private void SetThresholds(Command command, CommandReply reply)
        {
            ChannelCheck check = checks.For(command.Channel);
            if (check == null)
            {
                Refuse(reply, "channel must be 1.." + CheckSet.MaxChannel.ToString());
                return;
            }

            incoming.Min = command.Min;
            incoming.Max = command.Max;
            incoming.MaxRatePerSecond = command.MaxRatePerSecond;
            incoming.SigmaK = command.SigmaK;
            incoming.Window = command.Window;
            if (!incoming.IsValid())
            {
                Refuse(reply, "invalid thresholds (window 2.." + RollingStats.MaxWindow.ToString() + " or 0, min <= max, rate and k >= 0)");
                return;
            }

            settings.Thresholds(command.Channel).CopyFrom(incoming);
            check.Apply(incoming);
            Save(reply, "thresholds of " + Channel.NameOf(command.Channel) + " set");
        }

        private void Save(CommandReply reply, string done)
        {
            if (store.Save(settings))
            {
                reply.Text = done;
                logger.Info(Source, done);
            }
            else
            {
                reply.Status = CommandStatus.Error;
                reply.Text = done + ", but saving failed: lost at reboot";
                logger.Error(Source, reply.Text);
            }
        }

        private static void Refuse(CommandReply reply, string why)
        {
            reply.Status = CommandStatus.InvalidArgument;
            reply.Text = why;
        }
    }
}
