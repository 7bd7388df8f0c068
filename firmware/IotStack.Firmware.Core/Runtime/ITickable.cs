namespace IotStack.Firmware.Runtime
{
    /// <summary>
    /// A component that does a bounded piece of work on every main-loop iteration (e.g. OTA asking for
    /// its next chunk). Must return quickly: the watchdog is fed once per Tick.
    /// </summary>
    public interface ITickable
    {
        void Tick(long uptimeMs);
    }
}
