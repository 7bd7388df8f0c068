using IotStack.Firmware.Esp32.Hal;
using IotStack.Firmware.Esp32.Tests.Support;
using IotStack.Firmware.Runtime;
using IotStack.TestServices;

namespace IotStack.Firmware.Esp32.Tests;

/// <summary>The board's boot (<see cref="Program.Boot"/>) on the emulated chip: configuration, pin routing, sensors, flash.</summary>
public sealed class ProgramTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Boot_ConfiguredI2cBus_RoutesThePinsAndReadsBothSensors(int bus)
    {
        // Before the fix, i2c.bus=2 opened I2C2 while the pins went to I2C1: no chip answered.
        using var board = new TestBoard().WithSensors(sdaPin: 25, sclPin: 26).WithConfig(Config(bus, "i2c.sda=25", "i2c.scl=26"));
        using var scope = board.Enter();

        DeviceRuntime runtime = Program.Boot(out Esp32Board esp32)!;
        runtime.Start();
        Tick(runtime, TimeSpan.FromSeconds(3));

        Assert.True(runtime.Counters.SamplesTaken >= 5, "samples " + runtime.Counters.SamplesTaken);
        Assert.Equal(0u, runtime.Counters.SensorErrors);
    }

    [Fact]
    public void Boot_SensorsOnOtherPins_ReportsSensorErrors()
    {
        using var board = new TestBoard().WithSensors(sdaPin: 32, sclPin: 33).WithConfig(Config(1));
        using var scope = board.Enter();

        DeviceRuntime runtime = Program.Boot(out _)!;
        runtime.Start();
        Tick(runtime, TimeSpan.FromSeconds(2));

        Assert.True(runtime.Counters.SensorErrors > 0);
    }

    [Fact]
    public void Boot_NoConfiguration_ReturnsNull()
    {
        using var board = new TestBoard();
        using var scope = board.Enter();

        Assert.Null(Program.Boot(out _));
    }

    [Fact]
    public void Boot_UnknownI2cBus_IsRefused()
    {
        using var board = new TestBoard().WithConfig(Config(3));
        using var scope = board.Enter();

        Assert.Null(Program.Boot(out _));
    }

    [Fact]
    public void Tick_FlashFull_KeepsRunningAndCountsWhatItCouldNotKeep()
    {
        // The partition is far smaller than the configured budget: writes fail with IOException, as on a full SPIFFS.
        using var board = new TestBoard(flashCapacity: 200).WithSensors(21, 22).WithConfig(Unauthenticated(1, "mqtt.port=1", "flash.bytes=262144"));
        using var scope = board.Enter();
        DeviceRuntime runtime = Program.Boot(out _)!;
        runtime.Start();

        Tick(runtime, TimeSpan.FromSeconds(4));

        Assert.True(runtime.Counters.SamplesTaken > 0);
        Assert.True(Directory.GetFiles(board.Folder).Sum(f => new FileInfo(f).Length) <= 200);
        Assert.True(runtime.Queue.Dropped > 0 || runtime.Logger.Dropped > 0, "nothing was refused");
    }

    /// <summary>The shared broker with the board account.</summary>
    private static string[] Config(int bus, params string[] extra)
    {
        MqttAccount account = ServiceEndpoints.MosquittoBoardAccount;
        return [.. Unauthenticated(bus), "mqtt.user=" + account.User, "mqtt.secret=" + account.Password, .. extra];
    }

    /// <summary>Without an account (about 100 bytes): for a board that reaches no broker, on a flash too small for more.</summary>
    private static string[] Unauthenticated(int bus, params string[] extra)
    {
        var endpoint = ServiceEndpoints.Mosquitto;
        return
        [
            "wifi.ssid=test", "wifi.password=x", "mqtt.host=" + endpoint.Host, "mqtt.port=" + endpoint.Port,
            "fleet=esp32test", "device=d" + Guid.NewGuid().ToString("N")[..8], "i2c.bus=" + bus, .. extra,
        ];
    }

    /// <summary>Runs the core's loop for a while, as Program.Main would (the board's clock is the real one).</summary>
    private static void Tick(DeviceRuntime runtime, TimeSpan span)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < span)
        {
            runtime.Tick();
            Thread.Sleep(50);
        }
    }
}
