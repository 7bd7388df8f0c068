using IotStack.Firmware.Ota;
using IotStack.Ota.Signing;
using IotStack.Ota.Tests.Firmware.Support;
using IotStack.Protocol;

namespace IotStack.Ota.Tests.Firmware.Ota;

public sealed class ImageTransferTests : IDisposable
{
    private readonly ReleaseSigner _signer = ReleaseSigner.CreateEphemeral();
    private readonly MemoryFlash _flash = new();
    private readonly FakeClock _clock = new();
    private readonly RecordingLink _link = new();
    private readonly OtaOptions _options = new() { ChunkSize = 1000, RequestWindow = 3, RequestTimeoutMs = 100, MaxRequestAttempts = 3 };

    public void Dispose() => _signer.Dispose();

    [Fact]
    public void Pump_Started_FillsWindowFromFileStart()
    {
        var release = Release(1, 5000);
        var transfer = Started(release);

        Assert.Equal(TransferStatus.Working, transfer.Pump());

        Assert.Equal([(0, 0u, 1000), (0, 1000u, 1000), (0, 2000u, 1000)], _link.Requests);
    }

    [Fact]
    public void Start_PartOfFileInSlot_ResumesFromItsLength()
    {
        var release = Release(1, 5000);
        _flash.Set(SlotFiles.Name(1, "Part0.pe"), release.Files[0][..2500]);
        var transfer = Started(release);

        transfer.Pump();

        Assert.Equal(2500, transfer.ReceivedBytes);
        Assert.Equal((0, 2500u, 1000), _link.Requests[0]);
    }

    [Fact]
    public void Accept_ChunkAheadOfHead_HeldUntilHeadArrivesThenBothWritten()
    {
        var release = Release(1, 5000);
        var transfer = Started(release);
        transfer.Pump();

        Assert.Equal(TransferStatus.Ignored, transfer.Accept(Chunk(release, 0, 1000, 1000)));
        Assert.Equal(-1, _flash.Length(SlotFiles.Name(1, "Part0.pe")));
        Assert.Equal(TransferStatus.Working, transfer.Accept(Chunk(release, 0, 0, 1000)));

        Assert.Equal(release.Files[0][..2000], _flash.Get(SlotFiles.Name(1, "Part0.pe")));
        Assert.Equal(2000, transfer.DownloadedBytes);
    }

    [Fact]
    public void Pump_HeadNeverAnswered_FailsAfterMaxAttemptsWithReason()
    {
        var transfer = Started(Release(1, 5000));
        TransferStatus status = transfer.Pump();
        for (int i = 0; i < 20 && status != TransferStatus.Failed; i++)
        {
            _clock.Advance(1000);
            status = transfer.Pump();
        }

        Assert.Equal(TransferStatus.Failed, status);
        Assert.Equal("transfer: no data for Part0.pe at offset 0 after 3 requests", transfer.Reason);
    }

    [Fact]
    public void Pump_FileUnchangedInActiveSlot_CopiedLocallyNotRequested()
    {
        var release = Release(2, 3000);
        for (int i = 0; i < release.Files.Length; i++)
        {
            _flash.Set(SlotFiles.Name(0, release.Release.Manifest.Files[i].Name), release.Files[i]);
        }

        var transfer = new ImageTransfer(_flash, _clock, _link, _options, new byte[4096]);
        transfer.Start(7, release.Release.Manifest, 1, release.Release.Manifest, 0);
        TransferStatus status;
        while ((status = transfer.Pump()) == TransferStatus.Working)
        {
        }

        Assert.Equal(TransferStatus.Complete, status);
        Assert.Empty(_link.Requests);
        Assert.Equal(0, transfer.DownloadedBytes);
        Assert.Equal(release.Files[1], _flash.Get(SlotFiles.Name(1, "Part1.pe")));
    }

    private ImageTransfer Started(TestRelease release)
    {
        var transfer = new ImageTransfer(_flash, _clock, _link, _options, new byte[4096]);
        transfer.Start(7, release.Release.Manifest, 1, null!, 0);
        return transfer;
    }

    private TestRelease Release(int files, int size) =>
        new(_signer, "1.1.0", "esp32", null, TestRelease.RandomFiles(6, files, size));

    private static OtaChunk Chunk(TestRelease release, int file, int offset, int length)
    {
        var chunk = new OtaChunk { TransferId = 7, FileIndex = file, Offset = (uint)offset, DataLength = length };
        Array.Copy(release.Files[file], offset, chunk.Data, 0, length);
        return chunk;
    }

    private sealed class RecordingLink : IOtaLink
    {
        public bool IsOnline => true;

        public List<(int File, uint Offset, int Length)> Requests { get; } = [];

        public bool SendRequest(OtaChunkRequest request)
        {
            Requests.Add((request.FileIndex, request.Offset, request.Length));
            return true;
        }

        public bool SendProgress(OtaProgress progress) => true;
    }
}
