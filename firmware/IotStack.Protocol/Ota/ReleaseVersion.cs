namespace IotStack.Protocol
{
    /// <summary>
    /// Release versions are 1-4 dot-separated decimal numbers ("1.4.2"), compared number by number
    /// ("1.10" is above "1.9"; a missing part counts as 0). No pre-release tags: a board must order any
    /// two versions without a table of rules.
    /// </summary>
    public static class ReleaseVersion
    {
        public const int MaxParts = 4;
        public const int MaxLength = 32;

        public static bool IsValid(string version)
        {
            if (version == null || version.Length == 0 || version.Length > MaxLength)
            {
                return false;
            }

            int parts = 1;
            int digits = 0;
            for (int i = 0; i < version.Length; i++)
            {
                char c = version[i];
                if (c == '.')
                {
                    if (digits == 0)
                    {
                        return false;
                    }

                    parts++;
                    digits = 0;
                }
                else if (c >= '0' && c <= '9')
                {
                    digits++;
                    if (digits > 9)
                    {
                        return false;
                    }
                }
                else
                {
                    return false;
                }
            }

            return digits > 0 && parts <= MaxParts;
        }

        /// <summary>Negative, zero or positive as <paramref name="a"/> is below, equal to or above <paramref name="b"/>. Both must be valid.</summary>
        public static int Compare(string a, string b)
        {
            int ia = 0;
            int ib = 0;
            for (int part = 0; part < MaxParts; part++)
            {
                int va = NextPart(a, ref ia);
                int vb = NextPart(b, ref ib);
                if (va != vb)
                {
                    return va < vb ? -1 : 1;
                }
            }

            return 0;
        }

        private static int NextPart(string s, ref int index)
        {
            int value = 0;
            while (index < s.Length && s[index] != '.')
            {
                value = (value * 10) + (s[index] - '0');
                index++;
            }

            if (index < s.Length)
            {
                index++;
            }

            return value;
        }
    }
}
