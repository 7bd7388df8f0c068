using IotStack.Firmware.Host.Faults;

namespace IotStack.Firmware.Host.Fleet;

/// <summary>A board of the virtual fleet, whatever it runs on (<see cref="BoardKind"/>): what the fleet starts, ticks, counts and stops.</summary>
internal interface IFleetDevice : ITickedDevice, IDisposable
{
    string Id { get; }

    DeviceFaults Faults { get; }

    bool IsConnected { get; }

    int Reboots { get; }

    int QueueDepth { get; }

    long QueueDropped { get; }

    long SamplesTaken { get; }

    long SensorErrors { get; }

    long SendFailures { get; }

    /// <summary>Writes what the factory puts on the board's flash (settings from --rate and --batch) and boots it.</summary>
    void PowerOn(double rateHz, int batchSamples);

    /// <summary>Takes the board off the network at the end of a run.</summary>
    void Disconnect();
}
