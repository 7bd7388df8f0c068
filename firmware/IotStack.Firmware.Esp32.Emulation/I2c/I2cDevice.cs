using IotStack.Firmware.Esp32.Emulation.Board;
using IotStack.Firmware.Hal;
using nanoFramework.Hardware.Esp32;

namespace System.Device.I2c;

/// <summary>
/// One address on one of the ESP32's two I2C controllers. As on the chip, the controller reaches only the GPIOs that
/// Configuration.SetPinFunction gave it (I2Cn_DATA / I2Cn_CLOCK): a chip wired to other pins, or no chip at the
/// address, does not acknowledge its address. Transfers are serialised per device, as nanoFramework does.
/// </summary>
public class I2cDevice : IDisposable
{
    private static readonly byte[] NoBytes = [];
    private readonly object sync = new();
    private readonly EmulatedBoard board;
    private readonly byte[] one = new byte[1];
    private bool disposed;

    public I2cDevice(I2cConnectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.BusId is not (1 or 2))
        {
            // The native driver refuses a controller the ESP32 does not have.
            throw new ArgumentException("ESP32 has I2C controllers 1 and 2 only", nameof(settings));
        }

        ConnectionSettings = settings;
        board = BoardContext.Board;
    }

    public I2cConnectionSettings ConnectionSettings { get; }

    public static I2cDevice Create(I2cConnectionSettings settings) => new(settings);

    public byte ReadByte()
    {
        lock (sync)
        {
            Transmit(SpanByte.Empty, new SpanByte(one));
            return one[0];
        }
    }

    public I2cTransferResult Read(SpanByte buffer)
    {
        lock (sync)
        {
            return Transmit(SpanByte.Empty, buffer);
        }
    }

    public I2cTransferResult WriteByte(byte value)
    {
        lock (sync)
        {
            one[0] = value;
            return Transmit(new SpanByte(one), SpanByte.Empty);
        }
    }

    public I2cTransferResult Write(SpanByte buffer)
    {
        lock (sync)
        {
            return Transmit(buffer, SpanByte.Empty);
        }
    }

    public I2cTransferResult WriteRead(SpanByte writeBuffer, SpanByte readBuffer)
    {
        lock (sync)
        {
            return Transmit(writeBuffer, readBuffer);
        }
    }

    public void Dispose()
    {
        disposed = true;
        GC.SuppressFinalize(this);
    }

    private I2cTransferResult Transmit(SpanByte write, SpanByte read)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        int bus = ConnectionSettings.BusId;
        DeviceFunction data = bus == 1 ? DeviceFunction.I2C1_DATA : DeviceFunction.I2C2_DATA;
        DeviceFunction clock = bus == 1 ? DeviceFunction.I2C1_CLOCK : DeviceFunction.I2C2_CLOCK;
        II2cDevice? chip = board.ChipOn((int)data, (int)clock, ConnectionSettings.DeviceAddress);
        if (chip is null)
        {
            return new I2cTransferResult(I2cTransferStatus.SlaveAddressNotAcknowledged, 0);
        }

        byte[] writeBytes = write.Length == 0 ? NoBytes : write.ToArray();
        I2cResult result;
        if (read.Length == 0)
        {
            result = chip.Write(writeBytes, writeBytes.Length);
        }
        else
        {
            byte[] readBytes = new byte[read.Length];
            result = chip.WriteRead(writeBytes, writeBytes.Length, readBytes, readBytes.Length);
            new SpanByte(readBytes).CopyTo(read);
        }

        return result switch
        {
            I2cResult.Ok => new I2cTransferResult(I2cTransferStatus.FullTransfer, (uint)(write.Length + read.Length)),
            I2cResult.AddressNack => new I2cTransferResult(I2cTransferStatus.SlaveAddressNotAcknowledged, 0),
            _ => new I2cTransferResult(I2cTransferStatus.UnknownError, 0),
        };
    }
}
