namespace IotStack.Firmware.Ota
{
    /// <summary>What <see cref="OfferValidator"/> made of an offer.</summary>
    internal enum OfferVerdict
    {
        /// <summary>Signed, for this board, not below the floor and not the running version: install it.</summary>
        Accepted = 0,
        /// <summary>Refused for good (signature, malformed manifest, board, downgrade); the reason says which.</summary>
        Refused = 1,
        /// <summary>The offered version is the one running: nothing to install.</summary>
        AlreadyRunning = 2,
    }
}
