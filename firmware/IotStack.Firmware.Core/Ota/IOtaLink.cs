using IotStack.Protocol;

namespace IotStack.Firmware.Ota
{
    /// <summary>How the updater talks to the gateway; <see cref="OtaAgent"/> implements it over MQTT.</summary>
    public interface IOtaLink
    {
        bool IsOnline { get; }

        bool SendRequest(OtaChunkRequest request);

        /// <summary>True once the broker acknowledged; the health check counts that as "reported".</summary>
        bool SendProgress(OtaProgress progress);
    }
}
