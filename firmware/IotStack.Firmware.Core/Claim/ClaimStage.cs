namespace IotStack.Firmware.Claim
{
    /// <summary>How far a claim attempt got.</summary>
    public enum ClaimStage
    {
        /// <summary>The gateway answered; <see cref="ClaimResult.Status"/> says what.</summary>
        Answered = 0,

        /// <summary>The broker could not be reached or refused the token at CONNECT (unknown, wrong, revoked, expired, used up).</summary>
        NotConnected = 1,

        /// <summary>The broker refused the subscription to the session's reply topic.</summary>
        SubscribeRefused = 2,

        /// <summary>The broker did not acknowledge the request.</summary>
        RequestNotSent = 3,

        /// <summary>No reply within the timeout.</summary>
        NoAnswer = 4,
    }
}
