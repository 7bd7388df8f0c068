using IotStack.Firmware.Host.Simulation;

namespace IotStack.Firmware.Host.Tests.Simulation;

public sealed class Bme280AdcSolverTests
{
    [Theory]
    [InlineData(-40.0)]
    [InlineData(-3.33)]
    [InlineData(24.01)]
    [InlineData(84.9)]
    public void Temperature_FullResolution_ForwardFormulaWithinOneStep(double celsius)
    {
        var trimming = Bme280Trimming.ForDevice(new Random(3));

        int adc = Bme280AdcSolver.Temperature(trimming, celsius, 20);

        Assert.Equal(celsius, Bme280Trimming.Celsius(trimming.FineTemperature(adc)), 0.0051);
    }

    [Theory]
    [InlineData(300.0)]
    [InlineData(1013.25)]
    [InlineData(1100.0)]
    public void Pressure_FullResolution_ForwardFormulaWithinOnePascal(double hpa)
    {
        var trimming = Bme280Trimming.ForDevice(new Random(4));
        int tFine = trimming.FineTemperature(Bme280AdcSolver.Temperature(trimming, 20.0, 20));

        int adc = Bme280AdcSolver.Pressure(trimming, hpa, tFine, 20);

        Assert.Equal(hpa, trimming.PressureQ24_8(adc, tFine) / 25600.0, 0.01);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(33.3)]
    [InlineData(100.0)]
    public void Humidity_ForwardFormulaWithinResolution(double percent)
    {
        var trimming = Bme280Trimming.ForDevice(new Random(5));
        int tFine = trimming.FineTemperature(Bme280AdcSolver.Temperature(trimming, 25.0, 20));

        int adc = Bme280AdcSolver.Humidity(trimming, percent, tFine);

        Assert.Equal(percent, trimming.HumidityQ22_10(adc, tFine) / 1024.0, 0.01);
    }

    [Fact]
    public void Temperature_SixteenBitResolution_LowFourBitsZero()
    {
        var trimming = Bme280Trimming.ForDevice(new Random(6));

        int adc = Bme280AdcSolver.Temperature(trimming, 22.2, 16);

        Assert.Equal(0, adc & 0x0F);
    }
}
