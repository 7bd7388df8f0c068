using System.Security.Cryptography;
using IotStack.Firmware.Hal;

namespace IotStack.Firmware.Host.Hal;

/// <summary>The virtual board's RNG: the operating system's cryptographic generator.</summary>
internal sealed class HostRandom : IRandomSource
{
    public static readonly HostRandom Instance = new();

    public void Fill(byte[] buffer, int offset, int count) => RandomNumberGenerator.Fill(buffer.AsSpan(offset, count));
}
