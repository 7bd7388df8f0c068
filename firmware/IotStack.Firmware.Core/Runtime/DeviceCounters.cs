namespace IotStack.Firmware.Runtime
{
    /// <summary>Health counters reported in every StatusReport. Reset by a reboot.</summary>
    internal sealed class DeviceCounters
    {
        public uint SamplesTaken;
        public uint SensorErrors;
        public uint CheckEvents;
        public uint SendFailures;
    }
}
