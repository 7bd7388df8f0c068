using IotStack.Firmware.Checks;
using IotStack.Firmware.Hal;
using IotStack.Protocol;

namespace IotStack.Firmware.Storage
{
    /// <summary>
    /// The settings file, written whole with <see cref="IFlashStore.Replace"/> (atomic: a power cut
    /// leaves the old or the new file). Layout, little-endian:
    /// <c>[version u8 = 1][heartbeat s u16][batch samples u8][batch age ms u32][channels u8 = 7]</c>
    /// then per channel 1..7 <c>[period ms u32][min f32][max f32][rate f32][σ k f32][window u16]</c>,
    /// then CRC-32 (IEEE) of everything before it. A file that fails any check yields defaults.
    /// </summary>
    internal sealed class SettingsStore
    {
        public const string FileName = "settings.bin";
        public const byte Version = 1;
        private const int HeaderSize = 1 + 2 + 1 + 4 + 1;
        private const int ChannelSize = 4 + 4 + 4 + 4 + 4 + 2;
        public const int FileSize = HeaderSize + (CheckSet.MaxChannel * ChannelSize) + 4;

        private readonly IFlashStore flash;
        private readonly byte[] buffer = new byte[FileSize];

        public SettingsStore(IFlashStore flash)
        {
            this.flash = flash;
        }

        public SettingsLoad Load(DeviceSettings settings)
        {
            settings.ResetToDefaults();
            int length = flash.Length(FileName);
            if (length < 0)
            {
                return SettingsLoad.Missing;
            }

            if (length != FileSize || flash.Read(FileName, 0, buffer, 0, FileSize) != FileSize)
            {
                return SettingsLoad.Corrupt;
            }

            if (buffer[0] != Version || Wire.PeekU32(buffer, FileSize - 4) != Crc32.Compute(buffer, 0, FileSize - 4))
            {
                return SettingsLoad.Corrupt;
            }

            int pos = 1;
            int heartbeat = Wire.ReadU16(buffer, ref pos);
            int batchSamples = Wire.ReadU8(buffer, ref pos);
            int batchAge = Wire.ReadI32(buffer, ref pos);
            int channels = Wire.ReadU8(buffer, ref pos);
            if (channels != CheckSet.MaxChannel || heartbeat == 0 || batchSamples == 0 || batchSamples > TelemetryBatch.MaxSamples || batchAge <= 0)
            {
                return SettingsLoad.Corrupt;
            }

            settings.HeartbeatSeconds = heartbeat;
            settings.BatchMaxSamples = batchSamples;
            settings.BatchMaxAgeMs = batchAge;
            for (int c = 1; c <= CheckSet.MaxChannel; c++)
            {
                int period = Wire.ReadI32(buffer, ref pos);
                ChannelThresholds t = settings.Thresholds(c);
                t.Min = Wire.ReadF32(buffer, ref pos);
                t.Max = Wire.ReadF32(buffer, ref pos);
                t.MaxRatePerSecond = Wire.ReadF32(buffer, ref pos);
                t.SigmaK = Wire.ReadF32(buffer, ref pos);
                t.Window = Wire.ReadU16(buffer, ref pos);
                if (!DeviceSettings.IsValidSamplePeriod(period) || !t.IsValid())
                {
                    settings.ResetToDefaults();
                    return SettingsLoad.Corrupt;
                }

                settings.SetSamplePeriodMs(c, period);
            }

            return SettingsLoad.Loaded;
        }

        /// <summary>False when the flash refused the write; the settings stay in force until reboot.</summary>
        public bool Save(DeviceSettings settings)
        {
            int pos = 0;
            Wire.WriteU8(buffer, ref pos, Version);
            Wire.WriteU16(buffer, ref pos, settings.HeartbeatSeconds);
            Wire.WriteU8(buffer, ref pos, settings.BatchMaxSamples);
            Wire.WriteI32(buffer, ref pos, settings.BatchMaxAgeMs);
            Wire.WriteU8(buffer, ref pos, CheckSet.MaxChannel);
            for (int c = 1; c <= CheckSet.MaxChannel; c++)
            {
                ChannelThresholds t = settings.Thresholds(c);
                Wire.WriteI32(buffer, ref pos, settings.SamplePeriodMs(c));
                Wire.WriteF32(buffer, ref pos, t.Min);
                Wire.WriteF32(buffer, ref pos, t.Max);
                Wire.WriteF32(buffer, ref pos, t.MaxRatePerSecond);
                Wire.WriteF32(buffer, ref pos, t.SigmaK);
                Wire.WriteU16(buffer, ref pos, t.Window);
            }

            System.Diagnostics.Debug.Assert(pos == FileSize - 4, "settings layout and size disagree");
            Wire.WriteU32(buffer, ref pos, Crc32.Compute(buffer, 0, FileSize - 4));
            return flash.Replace(FileName, buffer, 0, FileSize);
        }
    }
}
