namespace IotStack.Firmware.Storage
{
    /// <summary>What <see cref="SettingsStore.Load"/> found.</summary>
    internal enum SettingsLoad
    {
        Loaded = 0,
        /// <summary>No settings file yet (first boot): defaults.</summary>
        Missing = 1,
        /// <summary>Wrong version, wrong length or bad CRC: defaults, and the caller logs it.</summary>
        Corrupt = 2,
    }
}
