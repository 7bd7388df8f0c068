namespace System.Device.I2c;

/// <summary>What a transfer did. The firmware only reads it: nanoFramework gives it no public constructor either.</summary>
public readonly struct I2cTransferResult
{
    internal I2cTransferResult(I2cTransferStatus status, uint bytesTransferred)
    {
        Status = status;
        BytesTransferred = bytesTransferred;
    }

    public uint BytesTransferred { get; }

    public I2cTransferStatus Status { get; }
}
