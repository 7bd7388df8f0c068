// Reference-only declarations of nanoFramework.System.Text 1.3.42 (Encoding, UTF8Encoding, Decoder; StringBuilder is
// not declared: nothing gated uses it, so a use fails the gate rather than passing unchecked).
namespace System.Text
{
    public abstract class Decoder
    {
        public abstract void Convert(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex, int charCount, bool flush, out int bytesUsed, out int charsUsed, out bool completed);
    }

    public abstract class Encoding
    {
        public static Encoding UTF8 => throw null;
        public virtual byte[] GetBytes(string s) => throw null;
        public virtual int GetBytes(string s, int charIndex, int charCount, byte[] bytes, int byteIndex) => throw null;
        public virtual char[] GetChars(byte[] bytes) => throw null;
        public virtual char[] GetChars(byte[] bytes, int byteIndex, int byteCount) => throw null;
        public virtual string GetString(byte[] bytes, int index, int count) => throw null;
        public abstract Decoder GetDecoder();
    }

    public class UTF8Encoding : Encoding
    {
        public UTF8Encoding() => throw null;
        public override byte[] GetBytes(string s) => throw null;
        public override int GetBytes(string s, int charIndex, int charCount, byte[] bytes, int byteIndex) => throw null;
        public override char[] GetChars(byte[] bytes) => throw null;
        public override char[] GetChars(byte[] bytes, int byteIndex, int byteCount) => throw null;
        public override Decoder GetDecoder() => throw null;
    }
}
