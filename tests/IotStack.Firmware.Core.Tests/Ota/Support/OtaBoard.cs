using IotStack.Firmware.Ota;
using IotStack.Firmware.Tests.Fakes;
using IotStack.Protocol;

namespace IotStack.Firmware.Tests.Ota.Support
{
    /// <summary>A board's updater on fakes: restart it (new object, same flash) at will, as power cycling would.</summary>
    internal sealed class OtaBoard
    {
        public const string FactoryVersion = "1.0.0";

        public OtaBoard()
        {
            Flash = new FakeFlashStore();
            Clock = new FakeClock();
            Board = new FakeBoard();
            Board.BoardType = TestRelease.Board;
            Link = new LoopbackLink();
            Options = new OtaOptions();
            Options.RequestTimeoutMs = 100;
            Options.MaxRequestAttempts = 3;
            Options.HealthDeadlineMs = 10000;
            Options.ChunkSize = 1024;
            Restart();
        }

        public FakeFlashStore Flash { get; private set; }

        public FakeClock Clock { get; private set; }

        public FakeBoard Board { get; private set; }

        public LoopbackLink Link { get; private set; }

        public OtaOptions Options { get; private set; }

        public OtaUpdater Updater { get; private set; }

        /// <summary>Reboots the updater asked for (activation, rollback).</summary>
        public int Reboots { get; private set; }

        /// <summary>Drops the updater object (whatever it was doing) and boots a new one from flash.</summary>
        public void Restart()
        {
            Link.DropPending();
            Clock.UptimeMs = 0;
            Updater = new OtaUpdater(Flash, Clock, Board, Link, TestRelease.PublicKey, FactoryVersion, Options);
            Updater.Boot();
        }

        public void Offer(TestRelease release, byte[] signature)
        {
            Link.Serving = release;
            byte[] frame = release.OfferFrame(signature);
            Updater.HandleOffer(frame, frame.Length);
        }

        /// <summary>Ticks, serves chunks and reboots when asked until the updater is idle or the step budget runs out.</summary>
        public void RunUntilIdle()
        {
            for (int i = 0; i < 10000; i++)
            {
                if (Updater.RebootRequested)
                {
                    Reboots++;
                    Restart();
                }

                Updater.Tick();
                Link.Deliver(Updater);
                Clock.Advance(10);
                if (Updater.Step == OtaStep.Idle && !Updater.RebootRequested)
                {
                    Updater.Tick(); // flush a pending report
                    return;
                }
            }
        }

        /// <summary>Ticks and serves until the updater asks for the activation reboot (the download and hashes are done).</summary>
        public void RunUntilReboot()
        {
            for (int i = 0; i < 10000 && !Updater.RebootRequested; i++)
            {
                Updater.Tick();
                Link.Deliver(Updater);
                Clock.Advance(10);
            }
        }

        /// <summary>The invariant a power cut must never break: the boot record names a slot holding a complete, hash-true image.</summary>
        public bool IsBootable()
        {
            BootRecord boot = BootRecord.Load(Flash);
            if (boot == null || boot.Manifest.Length == 0)
            {
                return true; // the factory image
            }

            ReleaseManifest manifest = new ReleaseManifest();
            return manifest.ReadFrom(boot.Manifest, 0, boot.Manifest.Length) == DecodeStatus.Ok
                && SlotFiles.IsComplete(Flash, boot.ActiveSlot, manifest, new Sha256(), new byte[1024]);
        }
    }
}
