using IotStack.Firmware.Ota;
using IotStack.Protocol;

namespace IotStack.Ota.Tests.Firmware.Support;

/// <summary>A board's updater on fakes: restart it (new object, same flash) at will, as power cycling would.</summary>
internal sealed class BoardUnderTest
{
    public const string FactoryVersion = "1.0.0";

    public BoardUnderTest(byte[] publicKey, string boardType = "esp32", OtaOptions? options = null)
    {
        PublicKey = publicKey;
        Board = new FakeBoard(boardType);
        Options = options ?? new OtaOptions { RequestTimeoutMs = 100, MaxRequestAttempts = 3, HealthDeadlineMs = 10_000, ChunkSize = 1024 };
        Updater = Restart();
    }

    public byte[] PublicKey { get; }

    public MemoryFlash Flash { get; } = new();

    public FakeClock Clock { get; } = new();

    public FakeBoard Board { get; }

    public LoopbackGateway Gateway { get; } = new();

    public OtaOptions Options { get; }

    public OtaUpdater Updater { get; private set; }

    public int Boots { get; private set; }

    /// <summary>Drops the updater object (whatever it was doing) and boots a new one from flash.</summary>
    public OtaUpdater Restart()
    {
        Boots++;
        Gateway.DropPending();
        Clock.UptimeMs = 0;
        Updater = new OtaUpdater(Flash, Clock, Board, Gateway, PublicKey, FactoryVersion, Options);
        Updater.Boot();
        return Updater;
    }

    public void Offer(TestRelease release, byte[]? signature = null)
    {
        Gateway.Serving = release;
        var frame = release.OfferFrame(signature);
        Updater.HandleOffer(frame, frame.Length);
    }

    /// <summary>Ticks, serves chunks and reboots when asked until the updater is idle or the step budget runs out.</summary>
    public void RunUntilIdle(int maxSteps = 10_000)
    {
        for (int i = 0; i < maxSteps; i++)
        {
            if (Updater.RebootRequested)
            {
                Restart();
            }

            Updater.Tick();
            Gateway.Deliver(Updater);
            Clock.Advance(10);
            if (Updater.Step == OtaStep.Idle && !Updater.RebootRequested)
            {
                Updater.Tick(); // flush a pending report
                return;
            }
        }
    }

    /// <summary>The invariant a power cut must never break: the boot record names a slot holding a complete, hash-true image.</summary>
    public bool IsBootable()
    {
        var boot = BootRecord.Load(Flash);
        if (boot is null || boot.Manifest.Length == 0)
        {
            return boot is null || boot.Version == FactoryVersion || boot.PreviousManifest.Length >= 0;
        }

        var manifest = new ReleaseManifest();
        return manifest.ReadFrom(boot.Manifest, 0, boot.Manifest.Length) == DecodeStatus.Ok
            && SlotFiles.IsComplete(Flash, boot.ActiveSlot, manifest, new Sha256(), new byte[4096]);
    }
}
