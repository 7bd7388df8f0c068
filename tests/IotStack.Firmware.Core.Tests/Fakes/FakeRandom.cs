using IotStack.Firmware.Hal;

namespace IotStack.Firmware.Tests.Fakes
{
    /// <summary>Counts up from a start byte, so a test knows exactly which bytes a caller drew.</summary>
    internal sealed class FakeRandom : IRandomSource
    {
        private byte _next;

        public FakeRandom(byte start)
        {
            _next = start;
        }

        public void Fill(byte[] buffer, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                buffer[offset + i] = _next++;
            }
        }
    }
}
