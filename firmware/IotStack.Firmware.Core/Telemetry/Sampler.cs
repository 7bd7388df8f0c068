using IotStack.Firmware.Checks;
using IotStack.Firmware.Runtime;
using IotStack.Firmware.Hal;
using IotStack.Firmware.Logging;
using IotStack.Firmware.Sensors;
using IotStack.Firmware.Storage;
using IotStack.Protocol;

namespace IotStack.Firmware.Telemetry
{
    /// <summary>
    /// Reads the sensors that are due, runs each value through its channel's checks (a violation is
    /// sent at once as a Finding and logged), and batches the values. A failed read is counted, reported
    /// (log record and a SensorError finding on the 1st, 2nd, 4th, 8th… consecutive failure, so a dead
    /// sensor does not flood the log) and never produces a value. A sensor that stopped answering is
    /// re-initialised before its next read. Nothing here allocates while readings are normal.
    /// </summary>
    internal sealed class Sampler
    {
        private readonly ISensor[] sensors;
        private readonly SensorScheduler scheduler;
        private readonly uint[] consecutiveErrors;
        private readonly bool[] needsInit;
        private readonly CheckSet checks;
        private readonly DeviceSettings settings;
        private readonly Batcher batcher;
        private readonly Outbox outbox;
        private readonly Logger logger;
        private readonly DeviceCounters counters;
        private readonly IClock clock;
        private readonly Finding[] findings = new Finding[ChannelCheck.MaxFindingsPerValue];
        private readonly Finding errorFinding = new Finding();

        public Sampler(ISensor[] sensors, CheckSet checks, DeviceSettings settings, Batcher batcher, Outbox outbox, Logger logger, DeviceCounters counters, IClock clock)
        {
            this.sensors = sensors;
            this.checks = checks;
            this.settings = settings;
            this.batcher = batcher;
            this.outbox = outbox;
            this.logger = logger;
            this.counters = counters;
            this.clock = clock;
            scheduler = new SensorScheduler(sensors.Length);
            consecutiveErrors = new uint[sensors.Length];
            needsInit = new bool[sensors.Length];
            for (int i = 0; i < findings.Length; i++)
            {
                findings[i] = new Finding();
            }
        }

        public SensorScheduler Scheduler
        {
            get { return scheduler; }
        }

        /// <summary>Initialises every sensor; a failure is reported and retried at its next due time.</summary>
        public void Start()
        {
            long uptime = clock.UptimeMs;
            for (int i = 0; i < sensors.Length; i++)
            {
                SensorStatus status = sensors[i].Initialize();
                needsInit[i] = status != SensorStatus.Ok;
                if (needsInit[i])
                {
                    ReportError(i, status);
                }

                scheduler.Schedule(i, uptime, 0);
            }
        }

        /// <summary>Index of the sensor that measures <paramref name="channel"/>, or -1.</summary>
        public int SensorOwning(int channel)
        {
            for (int i = 0; i < sensors.Length; i++)
            {
                for (int c = 0; c < sensors[i].ChannelCount; c++)
                {
                    if (sensors[i].ChannelAt(c) == channel)
                    {
                        return i;
                    }
                }
            }

            return -1;
        }

        public ISensor SensorAt(int index)
        {
            return sensors[index];
        }

        /// <summary>A sensor's period is the setting of its first channel (SetSamplePeriod sets all of a sensor's channels).</summary>
        public int PeriodOf(int sensor)
        {
            return settings.SamplePeriodMs(sensors[sensor].ChannelAt(0));
        }

        public void SampleDue(long uptimeMs)
        {
            for (int i = 0; i < sensors.Length; i++)
            {
                if (scheduler.IsDue(i, uptimeMs))
                {
                    scheduler.Schedule(i, uptimeMs, PeriodOf(i));
                    Sample(i, uptimeMs);
                }
            }
        }

        public void FlushIfDue(long uptimeMs)
        {
            if (batcher.IsDue(uptimeMs, settings.BatchMaxSamples, settings.BatchMaxAgeMs))
            {
                Flush();
            }
        }

        /// <summary>Sends or queues whatever the batch holds (also used before a reboot).</summary>
        public void Flush()
        {
            if (batcher.Count > 0)
            {
                outbox.SendBatch(batcher.Seal());
                batcher.Reset();
            }
        }

        private void Sample(int index, long uptimeMs)
        {
            ISensor sensor = sensors[index];
            SensorStatus status;
            if (needsInit[index])
            {
                status = sensor.Initialize();
                if (status != SensorStatus.Ok)
                {
                    ReportError(index, status);
                    return;
                }

                needsInit[index] = false;
                for (int c = 0; c < sensor.ChannelCount; c++)
                {
                    ChannelCheck check = checks.For(sensor.ChannelAt(c));
                    if (check != null)
                    {
                        check.ResetHistory(); // a reset chip may read differently: relearn rather than flag
                    }
                }
            }

            status = sensor.Read();
            if (status != SensorStatus.Ok)
            {
                needsInit[index] = status == SensorStatus.Nack || status == SensorStatus.BusError || status == SensorStatus.NotInitialized;
                ReportError(index, status);
                return;
            }

            consecutiveErrors[index] = 0;
            long now = clock.NowMs;
            for (int c = 0; c < sensor.ChannelCount; c++)
            {
                byte channel = sensor.ChannelAt(c);
                float value = sensor.ValueAt(c);
                counters.SamplesTaken++;
                ChannelCheck check = checks.For(channel);
                if (check != null)
                {
                    int fired = check.Evaluate(now, value, findings);
                    for (int f = 0; f < fired; f++)
                    {
                        ReportFinding(sensor.Name, findings[f]);
                    }
                }

                if (!batcher.Add(channel, now, value, uptimeMs))
                {
                    Flush();
                    batcher.Add(channel, now, value, uptimeMs);
                }
            }
        }

        private void ReportFinding(string source, Finding finding)
        {
            counters.CheckEvents++;
            outbox.SendFinding(finding);
            logger.Warning(source, "check " + RuleName(finding.Rule) + " on " + Channel.NameOf(finding.Channel)
                + ": " + finding.Value.ToString() + " outside " + finding.ExpectedLow.ToString() + ".." + finding.ExpectedHigh.ToString());
        }

        private void ReportError(int index, SensorStatus status)
        {
            counters.SensorErrors++;
            uint n = ++consecutiveErrors[index];
            if ((n & (n - 1)) != 0)
            {
                return; // only the 1st, 2nd, 4th, 8th... consecutive failure is reported
            }

            ISensor sensor = sensors[index];
            logger.Error(sensor.Name, "read failed: " + StatusName(status) + " (" + n.ToString() + " in a row)");
            errorFinding.TimeMs = clock.NowMs;
            errorFinding.Channel = sensor.ChannelAt(0);
            errorFinding.Rule = FindingRule.SensorError;
            errorFinding.Value = n;
            errorFinding.ExpectedLow = float.NaN;
            errorFinding.ExpectedHigh = float.NaN;
            outbox.SendFinding(errorFinding);
        }

        internal static string StatusName(SensorStatus status)
        {
            switch (status)
            {
                case SensorStatus.Ok: return "ok";
                case SensorStatus.Nack: return "nack";
                case SensorStatus.BusError: return "bus error";
                case SensorStatus.BadCrc: return "bad crc";
                case SensorStatus.Skipped: return "measurement skipped";
                case SensorStatus.OutOfRange: return "out of range";
                case SensorStatus.WrongChip: return "wrong chip id";
                default: return "not initialised";
            }
        }

        internal static string RuleName(FindingRule rule)
        {
            switch (rule)
            {
                case FindingRule.AboveMax: return "above max";
                case FindingRule.BelowMin: return "below min";
                case FindingRule.RateOfChange: return "rate of change";
                case FindingRule.SigmaBand: return "sigma band";
                default: return "sensor error";
            }
        }
    }
}
