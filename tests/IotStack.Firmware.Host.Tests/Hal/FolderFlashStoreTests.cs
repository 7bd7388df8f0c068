using IotStack.Firmware.Host.Hal;
using IotStack.Firmware.Host.Tests.Support;

namespace IotStack.Firmware.Host.Tests.Hal;

public sealed class FolderFlashStoreTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public void Replace_ThenRead_ReturnsNewContent()
    {
        var flash = new FolderFlashStore(folder.Path, 4096);
        Assert.True(flash.Replace("settings.bin", [1, 2, 3], 0, 3));

        Assert.True(flash.Replace("settings.bin", [9, 8, 7, 6, 5], 1, 3));

        byte[] read = new byte[8];
        Assert.Equal(3, flash.Length("settings.bin"));
        Assert.Equal(3, flash.Read("settings.bin", 0, read, 0, 8));
        Assert.Equal(new byte[] { 8, 7, 6 }, read[..3]);
    }

    [Fact]
    public void Constructor_TempFileLeftByCutReplace_KeepsOldContent()
    {
        var flash = new FolderFlashStore(folder.Path, 4096);
        flash.Replace("settings.bin", [1, 2, 3], 0, 3);
        File.WriteAllBytes(Path.Combine(folder.Path, "settings.bin.tmp"), [4, 4]); // power cut before the rename

        var rebooted = new FolderFlashStore(folder.Path, 4096);

        byte[] read = new byte[3];
        Assert.Equal(3, rebooted.Read("settings.bin", 0, read, 0, 3));
        Assert.Equal(new byte[] { 1, 2, 3 }, read);
        Assert.False(File.Exists(Path.Combine(folder.Path, "settings.bin.tmp")));
        Assert.Equal(4096 - 3, rebooted.FreeBytes);
    }

    [Fact]
    public void Append_BeyondCapacity_RefusedAndNothingWritten()
    {
        var flash = new FolderFlashStore(folder.Path, 10);
        Assert.True(flash.Append("queue", new byte[8], 0, 8));

        bool appended = flash.Append("queue", new byte[4], 0, 4);

        Assert.False(appended);
        Assert.Equal(8, flash.Length("queue"));
        Assert.Equal(2, flash.FreeBytes);
        Assert.Equal(1, flash.FailedWrites);
    }

    [Fact]
    public void Replace_SameSizeWhenFull_StillAllowed()
    {
        var flash = new FolderFlashStore(folder.Path, 10);
        Assert.True(flash.Replace("a", new byte[10], 0, 10));

        Assert.True(flash.Replace("a", new byte[10], 0, 10));
        Assert.False(flash.Replace("a", new byte[11], 0, 11));
    }

    [Fact]
    public void WriteAt_InsideAndAtEnd_GrowsOnlyByNewBytes()
    {
        var flash = new FolderFlashStore(folder.Path, 100);
        flash.Append("f", [1, 2, 3, 4], 0, 4);

        Assert.True(flash.WriteAt("f", 2, [7, 7, 7, 7], 0, 4));
        Assert.False(flash.WriteAt("f", 10, [1], 0, 1)); // would leave a hole

        byte[] read = new byte[6];
        flash.Read("f", 0, read, 0, 6);
        Assert.Equal(new byte[] { 1, 2, 7, 7, 7, 7 }, read);
        Assert.Equal(94, flash.FreeBytes);
    }

    [Fact]
    public void ReadAndLength_MissingFile_ZeroAndMinusOne()
    {
        var flash = new FolderFlashStore(folder.Path, 100);

        Assert.Equal(-1, flash.Length("nothing"));
        Assert.Equal(0, flash.Read("nothing", 0, new byte[4], 0, 4));
    }

    [Fact]
    public void Delete_FreesItsBytes()
    {
        var flash = new FolderFlashStore(folder.Path, 100);
        flash.Append("f", new byte[40], 0, 40);

        flash.Delete("f");

        Assert.Equal(100, flash.FreeBytes);
        Assert.Equal(-1, flash.Length("f"));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("sub/file")]
    [InlineData("")]
    public void Length_NameThatLeavesTheFolder_Rejected(string name)
    {
        var flash = new FolderFlashStore(folder.Path, 100);

        Assert.Throws<ArgumentException>(() => flash.Length(name));
    }

    public void Dispose() => folder.Dispose();
}
