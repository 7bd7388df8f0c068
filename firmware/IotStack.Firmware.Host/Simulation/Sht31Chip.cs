using IotStack.Firmware.Hal;
using IotStack.Firmware.Host.Faults;
using IotStack.Protocol;

namespace IotStack.Firmware.Host.Simulation;

/// <summary>
/// An SHT31 answering its 16-bit commands (datasheet §4.3-§4.11): single shot with or without clock stretching
/// (0x2C06/0x2C0D/0x2C10, 0x2400/0x240B/0x2416), periodic mode (0x20xx..0x27xx) with fetch (0xE000), break (0x3093),
/// soft reset (0x30A2), status read/clear (0xF32D/0x3041) and heater (0x306D/0x3066). A reading is six bytes:
/// temperature word, CRC-8, humidity word, CRC-8 (§4.4), encoded per §4.13. A read with nothing to report is not
/// acknowledged, as the chip does (§4.4); a conversion is ready at once. <see cref="II2cDevice.WriteRead"/> with a
/// command is the command followed by its read; with no write bytes it is a plain read.
/// </summary>
internal sealed class Sht31Chip : II2cDevice
{
    public const int PrimaryAddress = 0x44;

    private const ushort StatusHeaterOn = 1 << 13;
    private const ushort StatusResetDetected = 1 << 4;
    private const ushort StatusCommandFailed = 1 << 1;

    private readonly PhysicalEnvironment environment;
    private readonly DeviceFaults faults;
    private readonly object gate = new();
    private readonly byte[] answer = new byte[6];
    private int answerLength;
    private bool periodic;
    private ushort status = StatusResetDetected;

    public Sht31Chip(PhysicalEnvironment environment, DeviceFaults faults, int address = PrimaryAddress)
    {
        this.environment = environment ?? throw new ArgumentNullException(nameof(environment));
        this.faults = faults ?? throw new ArgumentNullException(nameof(faults));
        Address = address;
    }

    public int Address { get; }

    public long Conversions { get; private set; }

    public long NackedTransfers { get; private set; }

    /// <summary>Every transfer the driver attempted, answered or not.</summary>
    public long Transfers { get; private set; }

    public I2cResult Write(byte[] buffer, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        lock (gate)
        {
            Transfers++;
            if (faults.IsNacking(FaultPlan.Sht31))
            {
                NackedTransfers++;
                return I2cResult.AddressNack;
            }

            return count == 2 ? Execute((ushort)((buffer[0] << 8) | buffer[1])) : I2cResult.BusError;
        }
    }

    public I2cResult WriteRead(byte[] writeBuffer, int writeCount, byte[] readBuffer, int readCount)
    {
        ArgumentNullException.ThrowIfNull(writeBuffer);
        ArgumentNullException.ThrowIfNull(readBuffer);
        lock (gate)
        {
            Transfers++;
            if (faults.IsNacking(FaultPlan.Sht31))
            {
                NackedTransfers++;
                return I2cResult.AddressNack;
            }

            if (writeCount == 2)
            {
                I2cResult commanded = Execute((ushort)((writeBuffer[0] << 8) | writeBuffer[1]));
                if (commanded != I2cResult.Ok)
                {
                    return commanded;
                }
            }
            else if (writeCount != 0)
            {
                return I2cResult.BusError;
            }

            if (answerLength == 0)
            {
                return I2cResult.AddressNack; // §4.4: no data yet, the read header is not acknowledged
            }

            int n = Math.Min(readCount, answerLength);
            Array.Copy(answer, readBuffer, n);
            for (int i = n; i < readCount; i++)
            {
                readBuffer[i] = 0xFF; // reading past the answer clocks out idle bus bytes
            }

            answerLength = 0; // each result is read once
            return I2cResult.Ok;
        }
    }

    private I2cResult Execute(ushort command)
    {
        switch (command)
        {
            case 0x2C06:
            case 0x2C0D:
            case 0x2C10:
            case 0x2400:
            case 0x240B:
            case 0x2416:
                if (periodic)
                {
                    return Refuse(); // §4.5: single shot is not accepted in periodic mode; send break first
                }

                Measure();
                return I2cResult.Ok;
            case 0xE000:
                if (periodic)
                {
                    Measure();
                }

                return I2cResult.Ok;
            case 0x3093:
                periodic = false;
                answerLength = 0;
                return I2cResult.Ok;
            case 0x30A2:
                periodic = false;
                answerLength = 0;
                status = StatusResetDetected;
                return I2cResult.Ok;
            case 0xF32D:
                PutWord(0, status, false);
                answerLength = 3;
                return I2cResult.Ok;
            case 0x3041:
                status &= StatusHeaterOn; // §4.11: clears the alert and reset flags, keeps the heater bit
                return I2cResult.Ok;
            case 0x306D:
                status |= StatusHeaterOn;
                return I2cResult.Ok;
            case 0x3066:
                status &= unchecked((ushort)~StatusHeaterOn);
                return I2cResult.Ok;
            default:
                int msb = command >> 8;
                if (msb is 0x20 or 0x21 or 0x22 or 0x23 or 0x27)
                {
                    periodic = true; // §4.5 table 10: periodic acquisition at 0.5..10 mps
                    answerLength = 0;
                    return I2cResult.Ok;
                }

                return Refuse();
        }
    }

    private I2cResult Refuse()
    {
        status |= StatusCommandFailed;
        return I2cResult.BusError;
    }

    private void Measure()
    {
        Conversions++;
        bool temperatureOk = faults.TryApply(Channel.Sht31Temperature, FaultPlan.Sht31, environment.Read(Channel.Sht31Temperature), out double celsius);
        bool humidityOk = faults.TryApply(Channel.Sht31Humidity, FaultPlan.Sht31, environment.Read(Channel.Sht31Humidity), out double rh);
        if (!temperatureOk || !humidityOk)
        {
            answerLength = 0; // dropout: the conversion never completes, so the read is NACKed
            return;
        }

        // §4.13: T = -45 + 175 · S / (2^16 − 1), RH = 100 · S / (2^16 − 1)
        ushort rawT = (ushort)Math.Round(Math.Clamp((celsius + 45.0) / 175.0, 0.0, 1.0) * 65535.0);
        ushort rawH = (ushort)Math.Round(Math.Clamp(rh / 100.0, 0.0, 1.0) * 65535.0);
        bool corrupt = faults.CorruptsCrc(FaultPlan.Sht31);
        PutWord(0, rawT, corrupt);
        PutWord(3, rawH, corrupt);
        answerLength = 6;
    }

    private void PutWord(int offset, ushort word, bool corrupt)
    {
        answer[offset] = (byte)(word >> 8);
        answer[offset + 1] = (byte)word;
        byte crc = Sht31Checksum.Compute(answer[offset], answer[offset + 1]);
        answer[offset + 2] = corrupt ? (byte)(crc ^ 0xA5) : crc;
    }
}
