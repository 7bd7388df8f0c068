using BenchmarkDotNet.Attributes;
using IotStack.Bench.Fakes;
using IotStack.Firmware.Runtime;
using IotStack.Firmware.Sensors;

namespace IotStack.Bench.Runtime;

/// <summary>
/// The steady-state main loop: one Tick per simulated second reads a BME280 (register level),
/// checks three channels, batches and publishes (online) or appends to the flash queue (offline).
/// The figure that matters is Allocated: the goal is 0 B per Tick.
/// </summary>
[MemoryDiagnoser]
public class RuntimeTickBenchmarks
{
    private BenchClock _clock = null!;
    private BenchTransport _transport = null!;
    private DeviceRuntime _runtime = null!;

    [Params(true, false)]
    public bool Online { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _clock = new BenchClock();
        _transport = new BenchTransport { Online = Online };
        var config = new DeviceConfig("bench", "board-1", "1.0.0");
        _runtime = new DeviceRuntime(config, new BenchBoard(), _clock, new BenchFlash(), _transport, [new Bme280(new BenchBme280())]);
        _runtime.Start();

        // Warm up past the first batches, heartbeat and log shipping so only the steady state is measured.
        for (var i = 0; i < 200; i++)
        {
            Tick();
        }
    }

    [Benchmark]
    public void Tick()
    {
        _runtime.Tick();
        _clock.Advance(1000);
    }
}
