using IotStack.Firmware.Hal;
using IotStack.Firmware.Host.Faults;
using IotStack.Protocol;

namespace IotStack.Firmware.Host.Simulation;

/// <summary>
/// A BME280 answering at register level (datasheet §5.3, memory map table 18): chip id 0x60 at 0xD0, soft reset at
/// 0xE0, trimming at 0x88..0xA1 and 0xE1..0xE7, ctrl_hum 0xF2, status 0xF3, ctrl_meas 0xF4, config 0xF5 and the raw
/// ADC burst 0xF7..0xFE. A forced-mode write (or any data read in normal mode) converts the environment's values into
/// raw counts with <see cref="Bme280AdcSolver"/>, so a driver that follows the datasheet computes them back.
/// Conversions finish at once (status.measuring never reads 1) and the IIR filter has no lag, only its resolution.
/// </summary>
internal sealed class Bme280Chip : II2cDevice
{
    public const int PrimaryAddress = 0x76;
    public const byte ChipId = 0x60;
    public const byte ResetWord = 0xB6;

    private const int RegCalib00 = 0x88;
    private const int RegChipId = 0xD0;
    private const int RegReset = 0xE0;
    private const int RegCtrlHum = 0xF2;
    private const int RegStatus = 0xF3;
    private const int RegCtrlMeas = 0xF4;
    private const int RegConfig = 0xF5;
    private const int RegPressMsb = 0xF7;
    private const int RegHumLsb = 0xFE;
    private const int SkippedTP = 0x80000; // §4.2.3 / table 18: reset value when a measurement is skipped
    private const int SkippedH = 0x8000;

    private readonly byte[] registers = new byte[256];
    private readonly PhysicalEnvironment environment;
    private readonly DeviceFaults faults;
    private readonly object gate = new();
    private int pointer;
    private byte latchedCtrlHum;

    public Bme280Chip(PhysicalEnvironment environment, DeviceFaults faults, Bme280Trimming calibration, int address = PrimaryAddress)
    {
        this.environment = environment ?? throw new ArgumentNullException(nameof(environment));
        this.faults = faults ?? throw new ArgumentNullException(nameof(faults));
        Calibration = calibration ?? throw new ArgumentNullException(nameof(calibration));
        Address = address;
        calibration.WriteTo(registers);
        registers[RegChipId] = ChipId;
        Reset();
    }

    public int Address { get; }

    public Bme280Trimming Calibration { get; }

    /// <summary>Conversions run (forced triggers and normal-mode data reads).</summary>
    public long Conversions { get; private set; }

    /// <summary>Transfers refused by an injected NACK.</summary>
    public long NackedTransfers { get; private set; }

    /// <summary>Every transfer the driver attempted, answered or not.</summary>
    public long Transfers { get; private set; }

    /// <summary>§6.2.1: a write is the register address then data, with further (address, data) pairs in a burst.</summary>
    public I2cResult Write(byte[] buffer, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        lock (gate)
        {
            Transfers++;
            if (Refuses())
            {
                return I2cResult.AddressNack;
            }

            if (count < 1)
            {
                return I2cResult.Ok;
            }

            pointer = buffer[0]; // a lone address byte only sets the pointer for a later read
            for (int i = 0; i + 1 < count; i += 2)
            {
                WriteRegister(buffer[i], buffer[i + 1]);
            }

            return I2cResult.Ok;
        }
    }

    /// <summary>§6.2.2: the register address, a repeated start, then reads that auto-increment the address.</summary>
    public I2cResult WriteRead(byte[] writeBuffer, int writeCount, byte[] readBuffer, int readCount)
    {
        ArgumentNullException.ThrowIfNull(writeBuffer);
        ArgumentNullException.ThrowIfNull(readBuffer);
        lock (gate)
        {
            Transfers++;
            if (Refuses())
            {
                return I2cResult.AddressNack;
            }

            if (writeCount > 0)
            {
                pointer = writeBuffer[0];
            }

            bool touchesData = pointer <= RegHumLsb && pointer + readCount > RegPressMsb;
            if (touchesData && (registers[RegCtrlMeas] & 0x03) == 0x03)
            {
                Convert(); // normal mode: a fresh conversion is always waiting
            }

            for (int i = 0; i < readCount; i++)
            {
                readBuffer[i] = registers[(pointer + i) & 0xFF];
            }

            return I2cResult.Ok;
        }
    }

    private bool Refuses()
    {
        if (faults.IsNacking(FaultPlan.Bme280))
        {
            NackedTransfers++;
            return true;
        }

        return false;
    }

    private void WriteRegister(int address, byte value)
    {
        switch (address)
        {
            case RegReset:
                if (value == ResetWord)
                {
                    Reset();
                }

                break;
            case RegCtrlHum:
                registers[RegCtrlHum] = (byte)(value & 0x07);
                break;
            case RegCtrlMeas:
                registers[RegCtrlMeas] = value;
                latchedCtrlHum = registers[RegCtrlHum]; // §5.4.3: ctrl_hum takes effect after a write to ctrl_meas
                if ((value & 0x03) is 0x01 or 0x02)
                {
                    Convert();
                    registers[RegCtrlMeas] = (byte)(value & 0xFC); // forced mode: back to sleep when done (§3.3.3)
                }

                break;
            case RegConfig:
                registers[RegConfig] = (byte)(value & 0xFD); // bit 1 is reserved
                break;
            default:
                break; // read-only or reserved: ignored, as the chip does
        }
    }

    private void Reset()
    {
        registers[RegCtrlHum] = 0;
        registers[RegStatus] = 0;
        registers[RegCtrlMeas] = 0;
        registers[RegConfig] = 0;
        latchedCtrlHum = 0;
        PutTwenty(RegPressMsb, SkippedTP);
        PutTwenty(RegPressMsb + 3, SkippedTP);
        registers[0xFD] = SkippedH >> 8;
        registers[RegHumLsb] = 0;
    }

    private void Convert()
    {
        Conversions++;
        int osrsT = (registers[RegCtrlMeas] >> 5) & 0x07;
        int osrsP = (registers[RegCtrlMeas] >> 2) & 0x07;
        int osrsH = latchedCtrlHum & 0x07;
        bool filtered = ((registers[RegConfig] >> 2) & 0x07) != 0;

        double celsius = Math.Clamp(environment.Read(Channel.Temperature), -40.0, 85.0);
        bool temperatureOk = faults.TryApply(Channel.Temperature, FaultPlan.Bme280, celsius, out celsius);
        celsius = Math.Clamp(celsius, -40.0, 85.0);
        int adcT = Bme280AdcSolver.Temperature(Calibration, celsius, Resolution(osrsT, filtered));
        int tFine = Calibration.FineTemperature(adcT);
        PutTwenty(RegPressMsb + 3, osrsT == 0 || !temperatureOk ? SkippedTP : OffSkipCode(adcT, SkippedTP, Resolution(osrsT, filtered)));

        bool pressureOk = faults.TryApply(Channel.Pressure, FaultPlan.Bme280, environment.Read(Channel.Pressure), out double hpa);
        hpa = Math.Clamp(hpa, 300.0, 1100.0);
        PutTwenty(RegPressMsb, osrsP == 0 || !pressureOk ? SkippedTP : OffSkipCode(Bme280AdcSolver.Pressure(Calibration, hpa, tFine, Resolution(osrsP, filtered)), SkippedTP, Resolution(osrsP, filtered)));

        bool humidityOk = faults.TryApply(Channel.Humidity, FaultPlan.Bme280, environment.Read(Channel.Humidity), out double rh);
        int adcH = osrsH == 0 || !humidityOk ? SkippedH : OffSkipCode(Bme280AdcSolver.Humidity(Calibration, rh, tFine), SkippedH, 16);
        registers[0xFD] = (byte)(adcH >> 8);
        registers[RegHumLsb] = (byte)adcH;
    }

    /// <summary>
    /// The datasheet reserves 0x80000 / 0x8000 for "skipped" (also the reset value after a brownout), and
    /// the driver rightly treats it as no reading. A simulated measurement that lands exactly on it moves
    /// one LSB of its resolution (about 0.005 °C) so a clean simulated chip never reports a false skip.
    /// </summary>
    private static int OffSkipCode(int adc, int skipCode, int resolutionBits)
    {
        int lsb = 1 << (20 - Math.Min(resolutionBits, 20));
        return adc == skipCode ? adc + (skipCode == SkippedH ? 1 : lsb) : adc;
    }

    /// <summary>§3.4.3 / tables 4-5: 16 bits at ×1 plus one per doubling, 20 bits with the IIR filter on.</summary>
    private static int Resolution(int osrs, bool filtered) => filtered ? 20 : 16 + Math.Clamp(osrs - 1, 0, 4);

    private void PutTwenty(int address, int value)
    {
        registers[address] = (byte)(value >> 12);
        registers[address + 1] = (byte)(value >> 4);
        registers[address + 2] = (byte)((value & 0x0F) << 4);
    }
}
