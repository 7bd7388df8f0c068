using IotStack.Firmware.Esp32.Emulation.Board;
using IotStack.Firmware.Host.Faults;
using IotStack.Firmware.Host.Simulation;

namespace IotStack.Firmware.Esp32.Tests.Support;

/// <summary>An emulated ESP32 in a temporary folder, with the simulated BME280 and SHT31 wired to chosen GPIOs.</summary>
internal sealed class TestBoard : IDisposable
{
    public TestBoard(long flashCapacity = 1024 * 1024)
    {
        Folder = Directory.CreateTempSubdirectory("iotstack-esp32-").FullName;
        Board = new EmulatedBoard(Folder, flashCapacity);
    }

    public string Folder { get; }

    public EmulatedBoard Board { get; }

    /// <summary>Wires both simulated chips to these pins (their addresses 0x76 and 0x44).</summary>
    public TestBoard WithSensors(int sdaPin, int sclPin)
    {
        var clock = new RunClock(TimeProvider.System);
        var environment = new PhysicalEnvironment(clock, seed: 7);
        var bme = new Bme280Chip(environment, DeviceFaults.None(clock), Bme280Trimming.ForDevice(new Random(7)));
        var sht = new Sht31Chip(environment, DeviceFaults.None(clock));
        Board.Wire(sdaPin, sclPin, bme.Address, bme);
        Board.Wire(sdaPin, sclPin, sht.Address, sht);
        return this;
    }

    /// <summary>Writes I:\iotstack.cfg from key=value lines.</summary>
    public TestBoard WithConfig(params string[] lines)
    {
        File.WriteAllText(Path.Combine(Folder, "iotstack.cfg"), string.Join('\n', lines) + "\n");
        return this;
    }

    public BoardContext.Scope Enter() => BoardContext.Enter(Board);

    public void Dispose()
    {
        Board.Reset();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A worker thread may still hold a file for a moment; the folder is in the temp directory.
        }
    }
}
