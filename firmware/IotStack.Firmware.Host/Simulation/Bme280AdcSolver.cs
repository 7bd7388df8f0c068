using System.Diagnostics;

namespace IotStack.Firmware.Host.Simulation;

/// <summary>
/// Turns physical values into the raw ADC counts a BME280 with the given trimming would report, by bisection on
/// the datasheet's forward compensation (§4.2.3). Each forward formula is monotonic over the ADC range for
/// realistic trimming (temperature and humidity rise with the count, pressure falls), so bisection finds the
/// count whose compensated value is nearest the target at the ADC resolution in use (§3.4.3: 16 + (osrs − 1) bits
/// without the IIR filter; the unused low bits of the 20-bit field read as zero).
/// </summary>
internal static class Bme280AdcSolver
{
    private const int AdcBits = 20;
    private const int HumidityBits = 16;

    /// <summary>Raw 20-bit temperature count for <paramref name="celsius"/>.</summary>
    public static int Temperature(Bme280Trimming calibration, double celsius, int resolutionBits)
    {
        // Compare on t_fine (finer than the 0.01 °C output) so the nearest count is chosen, not the first in a step.
        double target = celsius * 5120.0; // §8.1: T = t_fine / 5120
        return Solve(resolutionBits, AdcBits, increasing: true, adc => calibration.FineTemperature(adc), target);
    }

    /// <summary>Raw 20-bit pressure count for <paramref name="hectopascal"/> at the temperature behind <paramref name="tFine"/>.</summary>
    public static int Pressure(Bme280Trimming calibration, double hectopascal, int tFine, int resolutionBits)
    {
        double target = hectopascal * 100.0 * 256.0;
        return Solve(resolutionBits, AdcBits, increasing: false, adc => calibration.PressureQ24_8(adc, tFine), target);
    }

    /// <summary>Raw 16-bit humidity count for <paramref name="percent"/> at the temperature behind <paramref name="tFine"/>.</summary>
    public static int Humidity(Bme280Trimming calibration, double percent, int tFine)
    {
        double target = Math.Clamp(percent, 0.0, 100.0) * 1024.0;
        return Solve(HumidityBits, HumidityBits, increasing: true, adc => calibration.HumidityQ22_10(adc, tFine), target);
    }

    private static int Solve(int resolutionBits, int fieldBits, bool increasing, Func<int, double> forward, double target)
    {
        Debug.Assert(resolutionBits >= 1 && resolutionBits <= fieldBits, "resolution within the field");
        int shift = fieldBits - resolutionBits;
        int low = 0;
        int high = (1 << resolutionBits) - 1;

        // Invariant: the answer lies in [low, high]; narrow to two neighbours, then pick the nearer.
        while (high - low > 1)
        {
            int middle = low + ((high - low) / 2);
            double value = forward(middle << shift);
            bool belowTarget = increasing ? value < target : value > target;
            if (belowTarget)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        double lowError = Math.Abs(forward(low << shift) - target);
        double highError = Math.Abs(forward(high << shift) - target);
        return (lowError <= highError ? low : high) << shift;
    }
}
