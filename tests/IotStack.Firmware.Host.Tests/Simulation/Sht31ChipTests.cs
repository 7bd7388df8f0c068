using IotStack.Firmware.Hal;
using IotStack.Firmware.Host.Simulation;
using IotStack.Firmware.Host.Tests.Support;
using IotStack.Firmware.Sensors;
using IotStack.Protocol;

namespace IotStack.Firmware.Host.Tests.Simulation;

public sealed class Sht31ChipTests
{
    [Fact]
    public void Compute_DatasheetExample_Is0x92()
    {
        Assert.Equal(0x92, Sht31Checksum.Compute(0xBE, 0xEF)); // SHT3x datasheet §4.12, table 20
    }

    [Theory]
    [InlineData(-20.0, 5.0)]
    [InlineData(22.75, 48.2)]
    [InlineData(80.0, 99.0)]
    public void Read_PhysicalValuesSet_RealDriverComputesThemBack(double celsius, double humidity)
    {
        var bench = new Bench();
        bench.Environment.Set(Channel.Sht31Temperature, celsius);
        bench.Environment.Set(Channel.Sht31Humidity, humidity);
        var driver = new Sht31(bench.Sht31, 0);

        Assert.Equal(SensorStatus.Ok, driver.Initialize());
        Assert.Equal(SensorStatus.Ok, driver.Read());

        // 16-bit words over 175 °C and 100 %RH: 0.0027 °C and 0.0015 %RH per count.
        Assert.Equal(celsius, driver.ValueAt(0), 0.003);
        Assert.Equal(humidity, driver.ValueAt(1), 0.002);
    }

    [Fact]
    public void WriteRead_NoMeasurementStarted_NacksReadHeader()
    {
        var bench = new Bench();

        I2cResult result = bench.Sht31.WriteRead([], 0, new byte[6], 6);

        Assert.Equal(I2cResult.AddressNack, result);
    }

    [Fact]
    public void WriteRead_ResultReadTwice_SecondReadNacks()
    {
        var bench = new Bench();
        bench.Sht31.Write([0x24, 0x00], 2);

        I2cResult first = bench.Sht31.WriteRead([], 0, new byte[6], 6);
        I2cResult second = bench.Sht31.WriteRead([], 0, new byte[6], 6);

        Assert.Equal(I2cResult.Ok, first);
        Assert.Equal(I2cResult.AddressNack, second);
    }

    [Fact]
    public void Write_SingleShotInPeriodicMode_Refused()
    {
        var bench = new Bench();
        bench.Sht31.Write([0x21, 0x30], 2); // periodic, 1 mps, high repeatability

        I2cResult result = bench.Sht31.Write([0x24, 0x00], 2);
        I2cResult fetched = bench.Sht31.WriteRead([0xE0, 0x00], 2, new byte[6], 6);

        Assert.Equal(I2cResult.BusError, result);
        Assert.Equal(I2cResult.Ok, fetched);
    }

    [Fact]
    public void ReadStatus_AfterSoftReset_ReportsResetWithValidCrc()
    {
        var bench = new Bench();
        byte[] status = new byte[3];
        bench.Sht31.Write([0x30, 0xA2], 2);

        Assert.Equal(I2cResult.Ok, bench.Sht31.WriteRead([0xF3, 0x2D], 2, status, 3));

        Assert.NotEqual(0, status[1] & 0x10);
        Assert.Equal(Sht31Checksum.Compute(status[0], status[1]), status[2]);
    }
}
