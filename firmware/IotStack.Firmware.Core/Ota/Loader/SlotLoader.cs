using IotStack.Firmware.Hal;
using IotStack.Protocol;

namespace IotStack.Firmware.Ota.Loader
{
    /// <summary>
    /// The small program deployed once on a board (nanoFramework starts the deployed application, not a slot): it reads
    /// the boot record, loads the active slot's .pe files in the order the signed manifest lists them, each checked
    /// against its signed size and SHA-256, and starts the application. A release on probation that has been booted
    /// <see cref="MaxAttempts"/> times without the application confirming it (its health check passed: the updater
    /// clears the record's Trial flag), or whose image does not load or start, is rolled back here: the boot record
    /// points at the previous slot again (the same switch the updater makes) and that slot is started.
    /// </summary>
    public sealed class SlotLoader
    {
        public const int DefaultMaxAttempts = 3;

        private const string AssemblySuffix = ".pe";

        private readonly IFlashStore flash;
        private readonly IAssemblyLoader assemblies;
        private readonly Sha256 sha = new Sha256();
        private readonly byte[] buffer = new byte[512];

        public SlotLoader(IFlashStore flash, IAssemblyLoader assemblies, int maxAttempts)
        {
            this.flash = flash;
            this.assemblies = assemblies;
            MaxAttempts = maxAttempts;
        }

        /// <summary>Boots of an unconfirmed release before the loader gives up on it.</summary>
        public int MaxAttempts { get; private set; }

        /// <summary>Why the last boot fell back (empty when it did not).</summary>
        public string Problem { get; private set; }

        public LoaderOutcome Boot()
        {
            Problem = "";
            BootRecord boot = BootRecord.Load(flash);
            if (boot == null || boot.Manifest.Length == 0)
            {
                return LoaderOutcome.NoApplication;
            }

            if (boot.Trial)
            {
                int attempts = LoadAttempts.Read(flash, boot.ActiveTransfer) + 1;
                LoadAttempts.Write(flash, boot.ActiveTransfer, attempts, null);
                if (attempts > MaxAttempts)
                {
                    Problem = "release " + boot.Version + " booted " + (attempts - 1).ToString() + " times without passing its health check";
                    return StartPrevious(boot);
                }
            }

            string problem = LoadSlot(boot.ActiveSlot, boot.Manifest);
            if (problem == null)
            {
                return LoaderOutcome.Started;
            }

            Problem = problem;
            return boot.Trial ? StartPrevious(boot) : LoaderOutcome.Failed;
        }

        /// <summary>
        /// Points the boot record back at the previous slot (the release is remembered as rejected, and why, for the
        /// previous application's updater to report) and starts it. A previous image without a manifest is a factory
        /// image outside the slots (the virtual board's built-in firmware): the record goes back to it and the caller
        /// starts it. A board set up with <c>loader init</c> always has a manifest for its first release.
        /// </summary>
        private LoaderOutcome StartPrevious(BootRecord boot)
        {
            LoadAttempts.Write(flash, boot.ActiveTransfer, LoadAttempts.Read(flash, boot.ActiveTransfer), Problem);
            boot.RejectedTransfer = boot.ActiveTransfer;
            boot.ActiveSlot = boot.PreviousSlot;
            boot.ActiveTransfer = boot.PreviousTransfer;
            boot.Version = boot.PreviousVersion;
            boot.Floor = boot.PreviousFloor;
            boot.Manifest = boot.PreviousManifest;
            boot.Trial = false;
            boot.TrialBoots = 0;
            if (!boot.Save(flash))
            {
                return LoaderOutcome.Failed;
            }

            if (boot.Manifest.Length == 0)
            {
                return LoaderOutcome.NoApplication;
            }

            string problem = LoadSlot(boot.ActiveSlot, boot.Manifest);
            if (problem != null)
            {
                Problem = Problem + "; previous slot: " + problem;
                return LoaderOutcome.Failed;
            }

            return LoaderOutcome.StartedPrevious;
        }

        /// <summary>Loads the slot's assemblies in manifest order and starts the application; null, or what failed.</summary>
        private string LoadSlot(int slot, byte[] manifestBytes)
        {
            ReleaseManifest manifest = new ReleaseManifest();
            if (manifest.ReadFrom(manifestBytes, 0, manifestBytes.Length) != DecodeStatus.Ok)
            {
                return "manifest unreadable";
            }

            int loaded = 0;
            for (int i = 0; i < manifest.Files.Length; i++)
            {
                ManifestFile file = manifest.Files[i];
                if (!EndsWith(file.Name, AssemblySuffix))
                {
                    continue;
                }

                string name = SlotFiles.Name(slot, file.Name);
                if (!SlotFiles.HashMatches(flash, name, file, sha, buffer))
                {
                    return file.Name + " does not match its signed size and SHA-256";
                }

                byte[] image = new byte[file.Size];
                if (flash.Read(name, 0, image, 0, image.Length) != image.Length || !assemblies.Load(file.Name, image))
                {
                    return file.Name + " did not load";
                }

                loaded++;
            }

            if (loaded == 0)
            {
                return "no assemblies in the release";
            }

            return assemblies.Start() ? null : "the application did not start";
        }

        private static bool EndsWith(string text, string suffix)
        {
            if (text.Length < suffix.Length)
            {
                return false;
            }

            for (int i = 0; i < suffix.Length; i++)
            {
                if (text[text.Length - suffix.Length + i] != suffix[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
