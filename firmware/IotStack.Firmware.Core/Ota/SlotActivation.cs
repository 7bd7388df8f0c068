using IotStack.Firmware.Hal;
using IotStack.Protocol;

namespace IotStack.Firmware.Ota
{
    /// <summary>
    /// The boot record and what changes it: switching to the downloaded slot, counting boots on probation, confirming,
    /// and rolling back to the previous slot. Each boot-record write is the commit point of its step; every change here
    /// is idempotent, so a step resumed after a power cut writes the same record again.
    /// </summary>
    internal sealed class SlotActivation
    {
        private readonly IFlashStore _flash;
        private readonly string _factoryVersion;

        public SlotActivation(IFlashStore flash, string factoryVersion)
        {
            _flash = flash;
            _factoryVersion = factoryVersion;
            Boot = BootRecord.Factory(factoryVersion);
        }

        /// <summary>The record as loaded or last written (the factory record before the first update).</summary>
        public BootRecord Boot { get; private set; }

        /// <summary>Signed manifest of the running image, or null for the factory image.</summary>
        public ReleaseManifest ActiveManifest { get; private set; }

        /// <summary>Reads the record from flash; a missing or damaged one is the factory record.</summary>
        public void Load()
        {
            BootRecord loaded = BootRecord.Load(_flash);
            Boot = loaded == null ? BootRecord.Factory(_factoryVersion) : loaded;
            ActiveManifest = ManifestParser.Parse(Boot.Manifest);
        }

        /// <summary>
        /// Points the record at <paramref name="slot"/> on probation, keeping what it replaces for a rollback and raising the
        /// anti-rollback floor to the release's minimum. A no-op when the record already names the transfer (resumed).
        /// False when the record cannot be written: the record in flash is reloaded and still boots the old slot.
        /// </summary>
        public bool Switch(uint transfer, int slot, ReleaseManifest manifest, byte[] manifestBytes)
        {
            BootRecord boot = Boot;
            if (boot.ActiveTransfer == transfer)
            {
                return true;
            }

            boot.PreviousSlot = boot.ActiveSlot;
            boot.PreviousTransfer = boot.ActiveTransfer;
            boot.PreviousVersion = boot.Version;
            boot.PreviousFloor = boot.Floor;
            boot.PreviousManifest = boot.Manifest;
            boot.ActiveSlot = slot;
            boot.ActiveTransfer = transfer;
            boot.Version = manifest.Version;
            string minimum = manifest.MinimumVersion;
            if (minimum != null && minimum.Length > 0 && (boot.Floor.Length == 0 || ReleaseVersion.Compare(minimum, boot.Floor) > 0))
            {
                boot.Floor = minimum;
            }

            boot.Manifest = manifestBytes;
            boot.Trial = true;
            boot.TrialBoots = 0;
            if (!boot.Save(_flash))
            {
                BootRecord old = BootRecord.Load(_flash);
                Boot = old == null ? BootRecord.Factory(_factoryVersion) : old;
                return false;
            }

            return true;
        }

        /// <summary>Counts a boot of the image on probation (saved at once: the next crash must see it); returns the count.</summary>
        public int CountTrialBoot()
        {
            Boot.TrialBoots++;
            Boot.Save(_flash);
            return Boot.TrialBoots;
        }

        /// <summary>Ends probation: the running image becomes the one to keep.</summary>
        public void Confirm()
        {
            Boot.Trial = false;
            Boot.TrialBoots = 0;
            Boot.Save(_flash);
            ActiveManifest = ManifestParser.Parse(Boot.Manifest);
        }

        /// <summary>
        /// Points the record back at the previous slot and remembers <paramref name="transfer"/> as rejected. A no-op (false)
        /// when the record no longer names it (resumed after the switch back); otherwise <paramref name="rolledBack"/> is the
        /// manifest of the release given up.
        /// </summary>
        public bool RollBack(uint transfer, out ReleaseManifest rolledBack)
        {
            rolledBack = null;
            BootRecord boot = Boot;
            if (boot.ActiveTransfer != transfer)
            {
                return false;
            }

            boot.RejectedTransfer = boot.ActiveTransfer;
            rolledBack = ManifestParser.Parse(boot.Manifest);
            boot.ActiveSlot = boot.PreviousSlot;
            boot.ActiveTransfer = boot.PreviousTransfer;
            boot.Version = boot.PreviousVersion;
            boot.Floor = boot.PreviousFloor;
            boot.Manifest = boot.PreviousManifest;
            boot.Trial = false;
            boot.TrialBoots = 0;
            boot.Save(_flash);
            ActiveManifest = ManifestParser.Parse(boot.Manifest);
            return true;
        }
    }
}
