namespace IotStack.Firmware.Hal
{
    /// <summary>
    /// Named files in the board's flash (nanoFramework's internal flash file system on the ESP32, a
    /// folder on the virtual board). Small and explicit so both sides can honour the contract:
    /// <see cref="Replace"/> is atomic (write a temp file, then rename), so a power cut leaves the old
    /// or the new content, never a mix.
    /// </summary>
    public interface IFlashStore
    {
        /// <summary>Size in bytes, or -1 when the file does not exist.</summary>
        int Length(string name);

        /// <summary>Reads up to <paramref name="count"/> bytes from <paramref name="position"/>; returns bytes read (0 at end or when missing).</summary>
        int Read(string name, int position, byte[] buffer, int offset, int count);

        /// <summary>Atomically replaces the whole file. False when storage is full or failing.</summary>
        bool Replace(string name, byte[] buffer, int offset, int count);

        /// <summary>Appends to the file (creating it). False when storage is full or failing.</summary>
        bool Append(string name, byte[] buffer, int offset, int count);

        /// <summary>Writes at a position inside or at the end of an existing file (creating it when missing).</summary>
        bool WriteAt(string name, int position, byte[] buffer, int offset, int count);

        void Delete(string name);

        /// <summary>Bytes still free, so writers can stop before the file system fills.</summary>
        long FreeBytes { get; }
    }
}
