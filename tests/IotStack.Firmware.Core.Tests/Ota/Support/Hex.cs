namespace IotStack.Firmware.Tests.Ota.Support
{
    /// <summary>Hex text to bytes (nanoFramework has no Convert.FromHexString).</summary>
    internal static class Hex
    {
        public static byte[] Parse(string text)
        {
            byte[] bytes = new byte[text.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)((Digit(text[2 * i]) << 4) | Digit(text[(2 * i) + 1]));
            }

            return bytes;
        }

        private static int Digit(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            return c >= 'a' && c <= 'f' ? c - 'a' + 10 : c - 'A' + 10;
        }
    }
}
