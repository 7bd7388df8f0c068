namespace IotStack.Firmware.Ota.Loader
{
    /// <summary>How a boot through <see cref="SlotLoader"/> ended.</summary>
    public enum LoaderOutcome
    {
        /// <summary>The active slot's application was loaded and started.</summary>
        Started = 0,

        /// <summary>The active release failed (too many unconfirmed boots, a bad image, a failed start) and the previous slot was started instead.</summary>
        StartedPrevious = 1,

        /// <summary>
        /// No release is installed in a slot (factory record), or the release failed and the image before it was the
        /// factory image, which no slot holds: there is nothing for the loader to start (the virtual board then runs its
        /// built-in firmware).
        /// </summary>
        NoApplication = 2,

        /// <summary>Neither the active nor the previous slot could be started.</summary>
        Failed = 3,
    }
}
