namespace IotStack.Firmware.Ota.Loader
{
    /// <summary>
    /// What the loader needs from the runtime. On a board: <c>Assembly.Load(byte[])</c> for each .pe image and the
    /// application's entry point found by reflection; in tests, a recorder.
    /// </summary>
    public interface IAssemblyLoader
    {
        /// <summary>Loads one assembly image; false when the runtime refuses it.</summary>
        bool Load(string name, byte[] image);

        /// <summary>Starts the application (the entry point of the last assembly loaded); false when it is missing or throws.</summary>
        bool Start();
    }
}
