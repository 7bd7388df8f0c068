using IotStack.Firmware.Host.Tests.Support;
using IotStack.Firmware.Sensors;
using IotStack.Protocol;

namespace IotStack.Firmware.Host.Tests.Faults;

/// <summary>Each fault as the real drivers see it through the simulated chips.</summary>
public sealed class DeviceFaultsTests
{
    [Fact]
    public void Spike_InsideWindowOnly_OffsetsTheReading()
    {
        var bench = new Bench("spike:temperature@10s+2s=15");
        bench.Environment.Set(Channel.Temperature, 20.0);
        var driver = Initialized(new Bme280(bench.Bme280));

        bench.At(9);
        float before = ReadOk(driver, 0);
        bench.At(10.5);
        float during = ReadOk(driver, 0);
        bench.At(12);
        float after = ReadOk(driver, 0);

        Assert.Equal(20.0, before, 0.02);
        Assert.Equal(35.0, during, 0.02);
        Assert.Equal(20.0, after, 0.02);
    }

    [Fact]
    public void Drift_GrowsWithTime()
    {
        var bench = new Bench("drift:pressure@5s=0.5");
        bench.Environment.Set(Channel.Pressure, 1000.0);
        var driver = Initialized(new Bme280(bench.Bme280));

        bench.At(15);
        float tenSeconds = ReadOk(driver, 2);
        bench.At(25);
        float twentySeconds = ReadOk(driver, 2);

        Assert.Equal(1005.0, tenSeconds, 0.05);
        Assert.Equal(1010.0, twentySeconds, 0.05);
    }

    [Fact]
    public void Stuck_HoldsFirstValueWhileTheAirChanges()
    {
        var bench = new Bench("stuck:humidity@10s+20s");
        var driver = Initialized(new Bme280(bench.Bme280));
        bench.Environment.Set(Channel.Humidity, 40.0);
        bench.At(10);
        float first = ReadOk(driver, 1);

        bench.Environment.Set(Channel.Humidity, 70.0);
        bench.At(20);
        float held = ReadOk(driver, 1);
        bench.At(31);
        float released = ReadOk(driver, 1);

        Assert.Equal(40.0, first, 0.02);
        Assert.Equal(40.0, held, 0.02);
        Assert.Equal(70.0, released, 0.02);
    }

    [Fact]
    public void Noise_SpreadsReadingsFarBeyondNormal()
    {
        var bench = new Bench("noise:sht31.temperature@0s+60s=4");
        bench.Environment.Set(Channel.Sht31Temperature, 20.0);
        var driver = Initialized(new Sht31(bench.Sht31, 0));
        var values = new List<float>();

        for (int i = 0; i < 50; i++)
        {
            values.Add(ReadOk(driver, 0));
        }

        double mean = values.Average();
        double sigma = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
        Assert.InRange(sigma, 2.0, 8.0);
    }

    [Fact]
    public void Dropout_Bme280_DriverReportsSkippedNotAValue()
    {
        var bench = new Bench("dropout:humidity@1s+5s");
        var driver = Initialized(new Bme280(bench.Bme280));

        bench.At(2);

        Assert.Equal(SensorStatus.Skipped, driver.Read());
    }

    [Fact]
    public void Dropout_Sht31_ReadIsNotAcknowledged()
    {
        var bench = new Bench("dropout:sht31@1s+5s");
        var driver = Initialized(new Sht31(bench.Sht31, 0));

        bench.At(2);

        Assert.Equal(SensorStatus.Nack, driver.Read());
    }

    [Fact]
    public void Nack_OnlyTheTargetChipStopsAnswering()
    {
        var bench = new Bench("nack:bme280@1s+5s");
        var bme = Initialized(new Bme280(bench.Bme280));
        var sht = Initialized(new Sht31(bench.Sht31, 0));

        bench.At(2);

        Assert.Equal(SensorStatus.Nack, bme.Read());
        Assert.Equal(SensorStatus.Ok, sht.Read());
        Assert.True(bench.Bme280.NackedTransfers > 0);
        bench.At(7);
        Assert.Equal(SensorStatus.Ok, bme.Read());
    }

    [Fact]
    public void BadCrc_Sht31_DriverRefusesTheReading()
    {
        var bench = new Bench("crc:sht31@1s+5s");
        var driver = Initialized(new Sht31(bench.Sht31, 0));

        bench.At(3);

        Assert.Equal(SensorStatus.BadCrc, driver.Read());
    }

    [Fact]
    public void Outage_ActiveOnlyInsideWindow()
    {
        var bench = new Bench("outage@10s+30s");

        bench.At(5);
        bool before = bench.Faults.InOutage;
        bench.At(25);
        bool during = bench.Faults.InOutage;
        bench.At(40);
        bool after = bench.Faults.InOutage;

        Assert.False(before);
        Assert.True(during);
        Assert.False(after);
    }

    [Fact]
    public void Reboot_FiresOnceWhenDue()
    {
        var bench = new Bench("reboot@10s");

        bench.At(9);
        bool early = bench.Faults.TakeReboot();
        bench.At(11);
        bool due = bench.Faults.TakeReboot();
        bool again = bench.Faults.TakeReboot();

        Assert.False(early);
        Assert.True(due);
        Assert.False(again);
    }

    private static T Initialized<T>(T sensor)
        where T : ISensor
    {
        Assert.Equal(SensorStatus.Ok, sensor.Initialize());
        return sensor;
    }

    private static float ReadOk(ISensor sensor, int index)
    {
        Assert.Equal(SensorStatus.Ok, sensor.Read());
        return sensor.ValueAt(index);
    }
}
