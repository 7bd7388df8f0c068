using IotStack.Firmware.Ota;
using IotStack.Ota.Signing;
using IotStack.Ota.Tests.Firmware.Support;
using IotStack.Protocol;

namespace IotStack.Ota.Tests.Firmware.Ota;

public sealed class OtaUpdaterTests : IDisposable
{
    private readonly ReleaseSigner _signer = ReleaseSigner.CreateEphemeral();

    public void Dispose() => _signer.Dispose();

    private TestRelease Release(string version, int seed = 1, string board = "esp32", string? minimum = null, List<(string, byte[])>? files = null) =>
        new(_signer, version, board, minimum, files ?? TestRelease.RandomFiles(seed, 3, 3000));

    [Fact]
    public void HandleOffer_ValidRelease_InstallsRebootsAndConfirms()
    {
        var device = new BoardUnderTest(_signer.PublicKey);
        var release = Release("1.1.0");

        device.Offer(release);
        device.RunUntilIdle();

        Assert.Equal("1.1.0", device.Updater.RunningVersion);
        Assert.Equal(1, device.Updater.ActiveSlot);
        Assert.Equal([ResetReason.OtaActivation], device.Board.Reboots);
        Assert.Equal(
            [OtaState.Offered, OtaState.Downloading, OtaState.Verifying, OtaState.Installed, OtaState.Confirmed],
            device.Gateway.Reports.Select(r => r.State).Distinct());
        Assert.True(device.IsBootable());
        for (int i = 0; i < release.Files.Length; i++)
        {
            Assert.Equal(release.Files[i], device.Flash.Get(SlotFiles.Name(1, release.Release.Manifest.Files[i].Name)));
        }
    }

    [Fact]
    public void HandleOffer_SignedByAnotherKey_RefusedForSignatureAndOldVersionKept()
    {
        using var other = ReleaseSigner.CreateEphemeral();
        var device = new BoardUnderTest(_signer.PublicKey);
        var release = Release("1.1.0");

        device.Offer(release, other.Sign(release.Release.ManifestBytes));
        device.RunUntilIdle();

        var report = Assert.Single(device.Gateway.Reports);
        Assert.Equal(OtaState.Failed, report.State);
        Assert.StartsWith("signature", report.Reason);
        Assert.Equal(BoardUnderTest.FactoryVersion, device.Updater.RunningVersion);
        Assert.Equal(0, device.Gateway.Requests);
    }

    [Fact]
    public void HandleOffer_OtherBoard_RefusedForBoard()
    {
        var device = new BoardUnderTest(_signer.PublicKey);

        device.Offer(Release("1.1.0", board: "stm32"));

        var report = Assert.Single(device.Gateway.Reports);
        Assert.Equal(OtaState.Failed, report.State);
        Assert.StartsWith("board", report.Reason);
        Assert.Equal(0, device.Gateway.Requests);
    }

    [Fact]
    public void HandleOffer_BelowInstalledMinimum_RefusedAsDowngrade()
    {
        var device = new BoardUnderTest(_signer.PublicKey);
        device.Offer(Release("2.0.0", minimum: "1.5.0"));
        device.RunUntilIdle();
        device.Gateway.Reports.Clear();

        device.Offer(Release("1.4.0", seed: 2));
        device.RunUntilIdle();

        Assert.Equal(OtaState.Failed, device.Gateway.LastState);
        Assert.StartsWith("downgrade", device.Gateway.Reports[^1].Reason);
        Assert.Equal("2.0.0", device.Updater.RunningVersion);
    }

    [Fact]
    public void Verify_TamperedChunkWithValidCrc_RefusedForHashAndSlotCleared()
    {
        var device = new BoardUnderTest(_signer.PublicKey);
        var release = Release("1.1.0");
        device.Gateway.Tamper = (file, offset, data) =>
        {
            if (file == 1 && offset == 0)
            {
                data[10] ^= 0xFF;
            }
        };

        device.Offer(release);
        device.RunUntilIdle();

        Assert.Equal(OtaState.Failed, device.Gateway.LastState);
        Assert.StartsWith("hash: Part1.pe", device.Gateway.Reports[^1].Reason);
        Assert.Equal(BoardUnderTest.FactoryVersion, device.Updater.RunningVersion);
        Assert.Empty(device.Board.Reboots);
        Assert.DoesNotContain(device.Flash.Names, n => n.StartsWith("s1.", StringComparison.Ordinal));
    }

    [Fact]
    public void Download_TruncatedSource_FailsWithTransferReasonAndResumesWhenOfferedAgain()
    {
        var device = new BoardUnderTest(_signer.PublicKey);
        var release = Release("1.1.0");
        device.Gateway.TruncateAt = 2000;

        device.Offer(release);
        device.RunUntilIdle();

        Assert.Equal(OtaState.Failed, device.Gateway.LastState);
        Assert.StartsWith("transfer: no data for Part0.pe at offset 2000", device.Gateway.Reports[^1].Reason);
        Assert.Equal(BoardUnderTest.FactoryVersion, device.Updater.RunningVersion);

        device.Gateway.TruncateAt = null;
        long before = device.Gateway.BytesServed;
        device.Offer(release);
        device.RunUntilIdle();

        Assert.Equal("1.1.0", device.Updater.RunningVersion);
        Assert.Equal((int)release.Release.Manifest.TotalSize - 2000, (int)(device.Gateway.BytesServed - before));
    }

    [Fact]
    public void Probation_NeverOnlineBeforeDeadline_RollsBackAndRefusesSameReleaseAgain()
    {
        var device = new BoardUnderTest(_signer.PublicKey);
        var release = Release("1.1.0");
        device.Offer(release);
        for (int i = 0; i < 1000 && !device.Updater.RebootRequested; i++)
        {
            device.Updater.Tick();
            device.Gateway.Deliver(device.Updater);
        }

        device.Restart();
        device.Gateway.IsOnline = false; // the new image never gets its connection up
        Assert.Equal(OtaStep.Trial, device.Updater.Step);
        device.Clock.Advance(device.Options.HealthDeadlineMs + 1);
        device.Updater.Tick();
        Assert.True(device.Updater.RebootRequested);
        device.Restart();
        device.Gateway.IsOnline = true;
        device.Updater.Tick();

        Assert.Equal(BoardUnderTest.FactoryVersion, device.Updater.RunningVersion);
        Assert.Equal(0, device.Updater.ActiveSlot);
        Assert.Equal(OtaState.RolledBack, device.Gateway.LastState);
        Assert.StartsWith("health check", device.Gateway.Reports[^1].Reason);

        device.Offer(release);
        Assert.Equal(OtaState.RolledBack, device.Gateway.LastState);
        Assert.Equal(OtaStep.Idle, device.Updater.Step);
    }

    [Fact]
    public void Boot_NewImageRebootLoops_RollsBackAfterTrialBootCap()
    {
        var device = new BoardUnderTest(_signer.PublicKey);
        device.Offer(Release("1.1.0"));
        for (int i = 0; i < 1000 && !device.Updater.RebootRequested; i++)
        {
            device.Updater.Tick();
            device.Gateway.Deliver(device.Updater);
        }

        // The new image crashes before its main loop runs: boot after boot, nothing ticks.
        device.Restart();
        for (int boot = 0; boot <= device.Options.MaxTrialBoots && !device.Updater.RebootRequested; boot++)
        {
            device.Restart();
        }

        Assert.True(device.Updater.RebootRequested);
        device.Restart();
        device.Updater.Tick();
        Assert.Equal(BoardUnderTest.FactoryVersion, device.Updater.RunningVersion);
        Assert.Equal(OtaState.RolledBack, device.Gateway.LastState);
        Assert.StartsWith("reboot loop", device.Gateway.Reports[^1].Reason);
        Assert.True(device.IsBootable());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Download_AnswersOvertakeEachOther_KeepsWindowInFlightAndWritesInOrder(int window)
    {
        var device = new BoardUnderTest(_signer.PublicKey, options: new OtaOptions { RequestTimeoutMs = 100, MaxRequestAttempts = 3, HealthDeadlineMs = 10_000, ChunkSize = 512, RequestWindow = window });
        device.Gateway.Reverse = true; // newest request answered first: every answer but the head's arrives early
        var release = Release("1.1.0", files: TestRelease.RandomFiles(7, 2, 5000));

        device.Offer(release);
        device.RunUntilIdle();

        Assert.Equal(window, device.Gateway.MaxPending);
        Assert.Equal("1.1.0", device.Updater.RunningVersion); // hashes held: the slot was written whole and in order (MemoryFlash refuses gaps)
        Assert.Equal((int)release.Release.Manifest.TotalSize, (int)device.Gateway.BytesServed); // nothing asked twice
    }

    [Fact]
    public void Download_ConnectionDropsWithAnswersHeld_ResumesFromLastContiguousOffset()
    {
        var device = new BoardUnderTest(_signer.PublicKey, options: new OtaOptions { RequestTimeoutMs = 100, MaxRequestAttempts = 3, HealthDeadlineMs = 10_000, ChunkSize = 512, RequestWindow = 4 });
        var release = Release("1.1.0", files: TestRelease.RandomFiles(8, 1, 6000));
        string slotFile = SlotFiles.Name(1, release.Release.Manifest.Files[0].Name);
        device.Offer(release);
        device.Updater.Tick();
        device.Gateway.Deliver(device.Updater, max: 1); // head written (0..512), window refilled
        device.Gateway.Reverse = true;
        device.Gateway.Deliver(device.Updater, max: 2); // two answers from the far end of the window: held, not written
        Assert.Equal(512, device.Flash.Get(slotFile)!.Length);

        device.Gateway.IsOnline = false; // the connection drops: held answers and requests in flight are forgotten
        device.Gateway.DropPending();
        device.Updater.Tick();
        device.Gateway.IsOnline = true;
        device.Gateway.Reverse = false;
        int before = device.Gateway.RequestLog.Count;
        device.Updater.Tick();

        Assert.Equal((0, 512u), device.Gateway.RequestLog[before]);
        device.RunUntilIdle();
        Assert.Equal("1.1.0", device.Updater.RunningVersion);
    }

    [Fact]
    public void Download_SecondReleaseSharingFiles_FetchesOnlyChangedFile()
    {
        var device = new BoardUnderTest(_signer.PublicKey);
        var files = TestRelease.RandomFiles(5, 3, 3000);
        device.Offer(Release("1.1.0", files: files));
        device.RunUntilIdle();

        var changed = files.ToList();
        changed[1] = (changed[1].Name, changed[1].Content.Select(b => (byte)(b ^ 0x5A)).ToArray());
        var second = Release("1.2.0", files: changed);
        device.Restart();
        long before = device.Gateway.BytesServed;
        device.Offer(second);
        device.RunUntilIdle();

        Assert.Equal("1.2.0", device.Updater.RunningVersion);
        Assert.Equal(changed[1].Content.Length, (int)(device.Gateway.BytesServed - before));
        Assert.True(device.IsBootable());
    }

    [Fact]
    public void PowerCut_AtEveryFlashWrite_BoardStaysBootableAndUpdateCompletes()
    {
        var release = Release("1.1.0", files: TestRelease.RandomFiles(9, 2, 2500));

        // Count the writes of an uninterrupted update, then cut power at each one in turn.
        var reference = new BoardUnderTest(_signer.PublicKey);
        reference.Offer(release);
        reference.RunUntilIdle();
        int totalWrites = reference.Flash.Writes;
        Assert.Equal("1.1.0", reference.Updater.RunningVersion);

        for (int cut = 1; cut <= totalWrites; cut++)
        {
            var device = new BoardUnderTest(_signer.PublicKey);
            device.Flash.CutAtWrite = cut;
            try
            {
                device.Offer(release);
                device.RunUntilIdle();
            }
            catch (PowerCutException)
            {
                Assert.True(device.IsBootable(), $"not bootable after a cut at write {cut}");
                device.Restart();
                Assert.True(device.IsBootable(), $"not bootable after recovery from a cut at write {cut}");
                device.RunUntilIdle();
                if (device.Updater.RunningVersion != "1.1.0")
                {
                    // Cut before the offer was saved: the retained offer arrives again on reconnect.
                    device.Offer(release);
                    device.RunUntilIdle();
                }
            }

            Assert.Equal("1.1.0", device.Updater.RunningVersion);
            Assert.Equal(OtaStep.Idle, device.Updater.Step);
            Assert.True(device.IsBootable());
        }
    }

    [Fact]
    public void Resume_StepReenteredPastCap_GivesUpAndKeepsOldVersion()
    {
        var device = new BoardUnderTest(_signer.PublicKey);
        device.Offer(Release("1.1.0"));
        Assert.Equal(OtaStep.Downloading, device.Updater.Step);

        for (int i = 0; i <= device.Options.MaxStepEntries; i++)
        {
            device.Restart(); // crashes while downloading, again and again
        }

        device.Updater.Tick();
        Assert.Equal(OtaStep.Idle, device.Updater.Step);
        Assert.Equal(OtaState.Failed, device.Gateway.LastState);
        Assert.StartsWith("restart loop", device.Gateway.Reports[^1].Reason);
        Assert.Equal(BoardUnderTest.FactoryVersion, device.Updater.RunningVersion);
    }

    [Theory]
    [InlineData(OtaStep.Idle, OtaEvent.AllReceived)]
    [InlineData(OtaStep.Trial, OtaEvent.OfferAccepted)]
    [InlineData(OtaStep.Verifying, OtaEvent.Healthy)]
    public void Next_PairNotInTable_IsRefused(OtaStep from, OtaEvent e)
    {
        Assert.Equal(-1, OtaTransitions.Next(from, e));
    }
}
