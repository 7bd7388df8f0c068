namespace IotStack.Firmware.Host.Fleet;

/// <summary>Something the scheduler runs in slices: one bounded step per call.</summary>
internal interface ITickedDevice
{
    /// <summary>Does the work that is due and says how long until the next call is useful.</summary>
    TimeSpan Tick();

    /// <summary>A tick threw: the device treats it as a crash (the board would panic and reset).</summary>
    void OnTickFault(Exception fault);
}
