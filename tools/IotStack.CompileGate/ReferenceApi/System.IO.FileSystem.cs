// Reference-only declarations of nanoFramework.System.IO.FileSystem 1.1.93. Not declared: DriveInfo, Path, and the
// File members that return StreamReader/StreamWriter (AppendText, OpenText), whose types are not declared either.
namespace System.IO
{
    public enum FileAccess
    {
        Read = 1,
        Write = 2,
        ReadWrite = 3,
    }

    [Flags]
    public enum FileAttributes
    {
        ReadOnly = 0x1,
        Hidden = 0x2,
        System = 0x4,
        Directory = 0x10,
        Archive = 0x20,
        Normal = 0x80,
    }

    public enum FileMode
    {
        CreateNew = 1,
        Create = 2,
        Open = 3,
        OpenOrCreate = 4,
        Truncate = 5,
        Append = 6,
    }

    public enum FileShare
    {
        None = 0,
        Read = 1,
        Write = 2,
        ReadWrite = 3,
    }

    public static class Directory
    {
        public static DirectoryInfo CreateDirectory(string path) => throw null;
        public static void Delete(string path) => throw null;
        public static void Delete(string path, bool recursive) => throw null;
        public static bool Exists(string path) => throw null;
        public static string GetCurrentDirectory() => throw null;
        public static string[] GetFiles(string path) => throw null;
        public static string[] GetDirectories(string path) => throw null;
        public static void Move(string sourceDirName, string destDirName) => throw null;
        public static void SetCurrentDirectory(string path) => throw null;
    }

    public static class File
    {
        public static void AppendAllText(string path, string contents) => throw null;
        public static void Copy(string sourceFileName, string destFileName) => throw null;
        public static void Copy(string sourceFileName, string destFileName, bool overwrite) => throw null;
        public static FileStream Create(string path) => throw null;
        public static FileStream Create(string path, int bufferSize) => throw null;
        public static void Delete(string path) => throw null;
        public static bool Exists(string path) => throw null;
        public static FileAttributes GetAttributes(string path) => throw null;
        public static void Move(string sourceFileName, string destFileName) => throw null;
        public static FileStream Open(string path, FileMode mode) => throw null;
        public static FileStream Open(string path, FileMode mode, FileAccess access) => throw null;
        public static FileStream Open(string path, FileMode mode, FileAccess access, FileShare share) => throw null;
        public static FileStream OpenRead(string path) => throw null;
        public static FileStream OpenWrite(string path) => throw null;
        public static byte[] ReadAllBytes(string path) => throw null;
        public static string ReadAllText(string path) => throw null;
        public static void SetAttributes(string path, FileAttributes fileAttributes) => throw null;
        public static void WriteAllBytes(string path, byte[] bytes) => throw null;
        public static void WriteAllText(string path, string contents) => throw null;
    }

    public abstract class FileSystemInfo : MarshalByRefObject
    {
        public FileAttributes Attributes => throw null;
        public virtual string FullName => throw null;
        public string Extension => throw null;
        public abstract bool Exists { get; }
        public abstract string Name { get; }
        public abstract void Delete();
        public virtual void Refresh() => throw null;
        protected abstract void HandleRefreshError();
    }

    public sealed class FileInfo : FileSystemInfo
    {
        public FileInfo(string fileName) => throw null;
        public override string Name => throw null;
        public long Length => throw null;
        public string DirectoryName => throw null;
        public DirectoryInfo Directory => throw null;
        public override bool Exists => throw null;
        public FileStream Create() => throw null;
        public override void Delete() => throw null;
        protected override void HandleRefreshError() => throw null;
        public override string ToString() => throw null;
    }

    public sealed class DirectoryInfo : FileSystemInfo
    {
        public DirectoryInfo(string path) => throw null;
        public override string Name => throw null;
        public override bool Exists => throw null;
        public DirectoryInfo Root => throw null;
        public DirectoryInfo Parent => throw null;
        public void Create() => throw null;
        public DirectoryInfo CreateSubdirectory(string path) => throw null;
        public FileInfo[] GetFiles() => throw null;
        public DirectoryInfo[] GetDirectories() => throw null;
        public void MoveTo(string destDirName) => throw null;
        public override void Delete() => throw null;
        public void Delete(bool recursive) => throw null;
        protected override void HandleRefreshError() => throw null;
        public override string ToString() => throw null;
    }

    public class FileStream : Stream
    {
        public FileStream(string path, FileMode mode) => throw null;
        public FileStream(string path, FileMode mode, FileAccess access) => throw null;
        public FileStream(string path, FileMode mode, FileAccess access, FileShare share) => throw null;
        public FileStream(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize) => throw null;
        public override bool CanRead => throw null;
        public override bool CanSeek => throw null;
        public override bool CanWrite => throw null;
        public override long Length => throw null;
        public override long Position { get => throw null; set => throw null; }
        public string Name => throw null;
        public override void Close() => throw null;
        protected override void Dispose(bool disposing) => throw null;
        public override void Flush() => throw null;
        public override int Read(byte[] buffer, int offset, int count) => throw null;
        public override int Read(SpanByte buffer) => throw null;
        public override int ReadByte() => throw null;
        public override long Seek(long offset, SeekOrigin origin) => throw null;
        public override void SetLength(long value) => throw null;
        public override void Write(byte[] buffer, int offset, int count) => throw null;
        public override void WriteByte(byte value) => throw null;
    }
}
