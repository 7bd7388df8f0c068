namespace nanoFramework.Runtime.Native;

/// <summary>nanoFramework's GC.Run: collects and returns the free managed heap. Here a fixed figure for a WROOM-32 heap.</summary>
public static class GC
{
    /// <summary>Free heap an ESP32 without PSRAM typically reports with this firmware running.</summary>
    public const uint EmulatedFreeBytes = 96 * 1024;

    public static uint Run(bool compactHeap) => EmulatedFreeBytes;
}
