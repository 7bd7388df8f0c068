namespace System.Device.I2c;

public enum I2cTransferStatus
{
    UnknownError,
    FullTransfer,
    ClockStretchTimeout,
    PartialTransfer,
    SlaveAddressNotAcknowledged,
}
