using IotStack.Firmware.Host.Faults;
using IotStack.Firmware.Host.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace IotStack.Firmware.Host.Tests.Support;

/// <summary>Simulated chips on a fake clock, with an optional fault plan, for register-level tests.</summary>
internal sealed class Bench
{
    public Bench(string? faults = null, int seed = 7)
    {
        Time = new FakeTimeProvider();
        Clock = new RunClock(Time);
        Assert.True(FaultPlan.TryParse(faults, out FaultPlan plan, out string error), error);
        Faults = new DeviceFaults(plan.Faults, Clock, seed);
        Environment = new PhysicalEnvironment(Clock, seed);
        Trimming = Bme280Trimming.ForDevice(new Random(seed));
        Bme280 = new Bme280Chip(Environment, Faults, Trimming);
        Sht31 = new Sht31Chip(Environment, Faults);
    }

    public FakeTimeProvider Time { get; }

    public RunClock Clock { get; }

    public DeviceFaults Faults { get; }

    public PhysicalEnvironment Environment { get; }

    public Bme280Trimming Trimming { get; }

    public Bme280Chip Bme280 { get; }

    public Sht31Chip Sht31 { get; }

    public void At(double seconds) => Time.Advance(TimeSpan.FromSeconds(seconds) - Clock.Elapsed);
}
