namespace IotStack.Firmware.Ota
{
    /// <summary>
    /// Application-level health of a new image on probation, beyond "it connected and reported"
    /// (e.g. sensors answer, the main loop ran a full cycle). The runtime supplies it; null means
    /// connecting and reporting is enough.
    /// </summary>
    public interface IOtaHealthCheck
    {
        bool IsHealthy();
    }
}
