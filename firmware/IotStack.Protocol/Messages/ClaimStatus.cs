namespace IotStack.Protocol
{
    /// <summary>The gateway's answer to a claim. Wire values: append, never renumber.</summary>
    public enum ClaimStatus : byte
    {
        /// <summary>The reply carries the board's own credential.</summary>
        Issued = 0,

        /// <summary>Unknown token, wrong secret, or a token of another fleet.</summary>
        BadToken = 1,

        Expired = 2,

        Revoked = 3,

        /// <summary>The token already enrolled as many boards as it allows.</summary>
        Exhausted = 4,

        /// <summary>This device id was claimed before (with this token or otherwise has a credential): claims are single use per board.</summary>
        AlreadyClaimed = 5,

        /// <summary>The request did not decode or names an invalid device id.</summary>
        Invalid = 6,
    }
}
