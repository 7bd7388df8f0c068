// Reference-only declarations of nanoFramework.System.IO.Streams 1.1.96: Stream, SeekOrigin, MemoryStream. The text
// reader and writer types are not declared (nothing gated uses them).
namespace System.IO
{
    public enum SeekOrigin
    {
        Begin = 0,
        Current = 1,
        End = 2,
    }

    public abstract class Stream : MarshalByRefObject, IDisposable
    {
        public abstract bool CanRead { get; }
        public abstract bool CanSeek { get; }
        public virtual bool CanTimeout => throw null;
        public abstract bool CanWrite { get; }
        public abstract long Length { get; }
        public abstract long Position { get; set; }
        public virtual int ReadTimeout { get => throw null; set => throw null; }
        public virtual int WriteTimeout { get => throw null; set => throw null; }
        public virtual void Close() => throw null;
        public void CopyTo(Stream destination) => throw null;
        public void Dispose() => throw null;
        protected virtual void Dispose(bool disposing) => throw null;
        public abstract void Flush();
        public abstract long Seek(long offset, SeekOrigin origin);
        public abstract void SetLength(long value);
        public abstract int Read(SpanByte buffer);
        public abstract int Read(byte[] buffer, int offset, int count);
        public virtual int ReadByte() => throw null;
        public abstract void Write(byte[] buffer, int offset, int count);
        public virtual void WriteByte(byte value) => throw null;
    }

    public class MemoryStream : Stream
    {
        public MemoryStream() => throw null;
        public MemoryStream(byte[] buffer) => throw null;
        public MemoryStream(byte[] buffer, bool isWritable) => throw null;
        public override bool CanRead => throw null;
        public override bool CanSeek => throw null;
        public override bool CanWrite => throw null;
        public override long Length => throw null;
        public override long Position { get => throw null; set => throw null; }
        protected override void Dispose(bool disposing) => throw null;
        public override void Flush() => throw null;
        public virtual byte[] GetBuffer() => throw null;
        public override int Read(SpanByte buffer) => throw null;
        public override int Read(byte[] buffer, int offset, int count) => throw null;
        public override int ReadByte() => throw null;
        public override long Seek(long offset, SeekOrigin origin) => throw null;
        public override void SetLength(long value) => throw null;
        public virtual byte[] ToArray() => throw null;
        public override void Write(byte[] buffer, int offset, int count) => throw null;
        public override void WriteByte(byte value) => throw null;
        public virtual void WriteTo(Stream stream) => throw null;
    }
}
