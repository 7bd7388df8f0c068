using IotStack.Firmware.Hal;
using IotStack.Firmware.Host.Simulation;
using IotStack.Firmware.Host.Tests.Support;
using IotStack.Firmware.Sensors;
using IotStack.Protocol;

namespace IotStack.Firmware.Host.Tests.Simulation;

public sealed class Bme280ChipTests
{
    // The driver runs at oversampling ×1 (16-bit ADC, datasheet table 7: 0.005 °C, 2.6 Pa) and the integer
    // compensation outputs 0.01 °C steps, so the driver's value is within one step of each resolution of the set value.
    private const double CelsiusTolerance = 0.011;
    private const double HpaTolerance = 0.03;
    private const double HumidityTolerance = 0.02;

    [Theory]
    [InlineData(-12.5, 8.0, 870.0)]
    [InlineData(0.0, 50.0, 1000.0)]
    [InlineData(21.37, 45.5, 1013.25)]
    [InlineData(39.9, 92.0, 1085.0)]
    public void Read_PhysicalValuesSet_RealDriverComputesThemBack(double celsius, double humidity, double hpa)
    {
        var bench = new Bench(seed: (int)(celsius * 100));
        bench.Environment.Set(Channel.Temperature, celsius);
        bench.Environment.Set(Channel.Humidity, humidity);
        bench.Environment.Set(Channel.Pressure, hpa);
        var driver = new Bme280(bench.Bme280);

        Assert.Equal(SensorStatus.Ok, driver.Initialize());
        Assert.Equal(SensorStatus.Ok, driver.Read());

        Assert.Equal(celsius, driver.ValueAt(0), CelsiusTolerance);
        Assert.Equal(humidity, driver.ValueAt(1), HumidityTolerance);
        Assert.Equal(hpa, driver.ValueAt(2), HpaTolerance);
    }

    [Fact]
    public void Read_ValueChangesBetweenReads_DriverFollows()
    {
        var bench = new Bench();
        var driver = new Bme280(bench.Bme280);
        Assert.Equal(SensorStatus.Ok, driver.Initialize());
        bench.Environment.Set(Channel.Temperature, 18.0);
        Assert.Equal(SensorStatus.Ok, driver.Read());
        float first = driver.ValueAt(0);

        bench.Environment.Set(Channel.Temperature, 30.0);
        Assert.Equal(SensorStatus.Ok, driver.Read());

        Assert.Equal(18.0, first, CelsiusTolerance);
        Assert.Equal(30.0, driver.ValueAt(0), CelsiusTolerance);
    }

    [Fact]
    public void WriteRead_ChipIdRegister_Returns0x60()
    {
        var bench = new Bench();
        byte[] id = new byte[1];

        I2cResult result = bench.Bme280.WriteRead([0xD0], 1, id, 1);

        Assert.Equal(I2cResult.Ok, result);
        Assert.Equal(0x60, id[0]);
    }

    [Fact]
    public void WriteRead_CalibrationRegisters_HoldTrimmingInDatasheetLayout()
    {
        var bench = new Bench();
        byte[] tp = new byte[26];
        byte[] h = new byte[7];

        bench.Bme280.WriteRead([0x88], 1, tp, tp.Length);
        bench.Bme280.WriteRead([0xE1], 1, h, h.Length);

        Assert.Equal(bench.Trimming.T1, BitConverter.ToUInt16(tp, 0));
        Assert.Equal(bench.Trimming.P9, BitConverter.ToInt16(tp, 22));
        Assert.Equal(bench.Trimming.H1, tp[25]);
        Assert.Equal(bench.Trimming.H2, BitConverter.ToInt16(h, 0));
        Assert.Equal(bench.Trimming.H4, (short)((h[3] << 4) | (h[4] & 0x0F)));
        Assert.Equal(bench.Trimming.H5, (short)((h[5] << 4) | (h[4] >> 4)));
    }

    [Fact]
    public void Write_ForcedMode_ConvertsOnceAndReturnsToSleep()
    {
        var bench = new Bench();
        bench.Environment.Set(Channel.Temperature, 25.0);
        byte[] ctrl = new byte[1];

        bench.Bme280.Write([0xF2, 0x01, 0xF4, (1 << 5) | (1 << 2) | 0x01], 4);
        bench.Bme280.WriteRead([0xF4], 1, ctrl, 1);
        byte[] data = new byte[8];
        bench.Bme280.WriteRead([0xF7], 1, data, 8);

        Assert.Equal(0, ctrl[0] & 0x03);
        Assert.Equal(1, bench.Bme280.Conversions);
        int adcT = (data[3] << 12) | (data[4] << 4) | (data[5] >> 4);
        Assert.Equal(25.0, Bme280Trimming.Celsius(bench.Trimming.FineTemperature(adcT)), CelsiusTolerance);
    }

    [Fact]
    public void Read_HumidityOversamplingOff_ReportsSkippedPattern()
    {
        var bench = new Bench();
        byte[] data = new byte[8];

        // ctrl_hum = 0 (skipped), then ctrl_meas with T and P ×1 in forced mode.
        bench.Bme280.Write([0xF2, 0x00, 0xF4, (1 << 5) | (1 << 2) | 0x01], 4);
        bench.Bme280.WriteRead([0xF7], 1, data, 8);

        Assert.Equal(0x8000, (data[6] << 8) | data[7]);
    }

    [Fact]
    public void Write_SoftReset_RestoresResetValues()
    {
        var bench = new Bench();
        byte[] ctrl = new byte[1];
        bench.Bme280.Write([0xF4, 0x27], 2);

        bench.Bme280.Write([0xE0, 0xB6], 2);
        bench.Bme280.WriteRead([0xF4], 1, ctrl, 1);

        Assert.Equal(0, ctrl[0]);
    }
}
