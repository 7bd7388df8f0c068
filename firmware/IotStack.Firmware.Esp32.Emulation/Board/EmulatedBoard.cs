using System.Collections.Concurrent;
using IotStack.Firmware.Hal;

namespace IotStack.Firmware.Esp32.Emulation.Board;

/// <summary>
/// One emulated ESP32: what the static nanoFramework APIs act on. Code running for the board (its boot, its ticks, the
/// threads and timers it starts) finds it through <see cref="BoardContext"/>. Holds the internal flash drive I:\ (a host
/// folder of fixed capacity), the I2C wiring and pin matrix, the Wi-Fi link, the sockets and threads M2Mqtt opened,
/// and reboot requests.
/// </summary>
public sealed class EmulatedBoard
{
    private readonly ConcurrentDictionary<int, int> pinFunctions = new();
    private readonly List<WiredChip> chips = [];
    private readonly ConcurrentDictionary<object, Action> sockets = new();
    private int rebootRequested;
    private int liveThreads;
    private volatile bool wifiUp = true;

    public EmulatedBoard(string flashFolder, long flashCapacityBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(flashFolder);
        ArgumentOutOfRangeException.ThrowIfLessThan(flashCapacityBytes, 1);
        FlashFolder = flashFolder;
        FlashCapacityBytes = flashCapacityBytes;
        Directory.CreateDirectory(flashFolder);
        Boot = new BoardBoot(this);
    }

    /// <summary>Host folder behind the I:\ drive.</summary>
    public string FlashFolder { get; }

    /// <summary>Size of the flash partition: a write that would pass it fails with an IOException, as on a full SPIFFS.</summary>
    public long FlashCapacityBytes { get; set; }

    /// <summary>The current power-on period; replaced at each reset so threads of the previous one do nothing more.</summary>
    public BoardBoot Boot { get; private set; }

    /// <summary>Broker TLS: when set, a secure M2Mqtt connection must present a CA that this callback accepts.</summary>
    public Func<byte[]?, bool>? AcceptCa { get; set; }

    /// <summary>Called for each PUBACKed publish (topic), so a fleet can count what its boards sent.</summary>
    public Action<string>? PublishAcknowledged { get; set; }

    public bool WifiUp => wifiUp;

    /// <summary>Sockets M2Mqtt clients hold open now.</summary>
    public int OpenSockets => sockets.Count;

    /// <summary>Threads M2Mqtt clients run now (receive, dispatch and inflight workers).</summary>
    public int LiveThreads => Volatile.Read(ref liveThreads);

    public int Resets { get; private set; }

    /// <summary>Puts a chip on the bus wired to these GPIOs.</summary>
    public void Wire(int sdaPin, int sclPin, int address, II2cDevice chip)
    {
        lock (chips)
        {
            chips.Add(new WiredChip(sdaPin, sclPin, address, chip));
        }
    }

    /// <summary>The access point goes away: open connections die (no DISCONNECT) and new ones fail until it is back.</summary>
    public void DropWifi()
    {
        wifiUp = false;
        CloseAllSockets();
    }

    public void RestoreWifi() => wifiUp = true;

    /// <summary>True once since the firmware called Power.RebootDevice.</summary>
    public bool TakeRebootRequest() => Interlocked.Exchange(ref rebootRequested, 0) != 0;

    /// <summary>
    /// Reset: every socket closes without DISCONNECT (the broker publishes the will), the pin matrix is cleared and a
    /// new power-on period begins; threads and timers of the old one find their boot dead and stop.
    /// </summary>
    public void Reset()
    {
        Boot.End();
        CloseAllSockets();
        pinFunctions.Clear();
        Interlocked.Exchange(ref rebootRequested, 0);
        Resets++;
        Boot = new BoardBoot(this);
    }

    internal void RequestReboot() => Interlocked.Exchange(ref rebootRequested, 1);

    internal void SetPinFunction(int pin, int function) => pinFunctions[pin] = function;

    internal int PinFunction(int pin) => pinFunctions.TryGetValue(pin, out int function) ? function : -1;

    internal int FunctionPin(int function)
    {
        foreach (KeyValuePair<int, int> entry in pinFunctions)
        {
            if (entry.Value == function)
            {
                return entry.Key;
            }
        }

        return -1;
    }

    /// <summary>The chip at this address on the controller's bus, when the controller's pins reach its wires.</summary>
    internal II2cDevice? ChipOn(int dataFunction, int clockFunction, int address)
    {
        lock (chips)
        {
            foreach (WiredChip wired in chips)
            {
                if (wired.Address == address && PinFunction(wired.SdaPin) == dataFunction && PinFunction(wired.SclPin) == clockFunction)
                {
                    return wired.Chip;
                }
            }
        }

        return null;
    }

    internal void SocketOpened(object owner, Action abort) => sockets[owner] = abort;

    internal void SocketClosed(object owner) => sockets.TryRemove(owner, out _);

    internal void ThreadStarted() => Interlocked.Increment(ref liveThreads);

    internal void ThreadEnded() => Interlocked.Decrement(ref liveThreads);

    private void CloseAllSockets()
    {
        foreach (KeyValuePair<object, Action> socket in sockets)
        {
            socket.Value();
        }
    }

    private sealed record WiredChip(int SdaPin, int SclPin, int Address, II2cDevice Chip);
}
