using IotStack.Protocol;

namespace IotStack.Firmware.Claim
{
    /// <summary>What one claim attempt came to: on success the board's broker user name and secret.</summary>
    public sealed class ClaimResult
    {
        private readonly int _timeoutMs;

        internal ClaimResult(ClaimStage stage, ClaimStatus status, string user, string secret, int timeoutMs)
        {
            Stage = stage;
            Status = status;
            User = user;
            Secret = secret;
            _timeoutMs = timeoutMs;
        }

        public ClaimStage Stage { get; private set; }

        /// <summary>The gateway's answer; meaningful when <see cref="Stage"/> is <see cref="ClaimStage.Answered"/>.</summary>
        public ClaimStatus Status { get; private set; }

        /// <summary>The board's broker user name (<c>{fleet}.{device}</c>) when issued, else null.</summary>
        public string User { get; private set; }

        /// <summary>The board's broker secret when issued, else null. Never logged.</summary>
        public string Secret { get; private set; }

        public bool Issued
        {
            get { return Stage == ClaimStage.Answered && Status == ClaimStatus.Issued; }
        }

        /// <summary>One line for the board's log: names the outcome, never a secret.</summary>
        public string Reason
        {
            get
            {
                switch (Stage)
                {
                    case ClaimStage.Answered:
                        return Issued ? "issued credential " + User : "the gateway refused the claim: " + StatusName(Status);
                    case ClaimStage.NotConnected:
                        return "the broker refused the claim token (unknown, wrong, revoked, expired or used up) or could not be reached";
                    case ClaimStage.SubscribeRefused:
                        return "the broker refused the claim reply subscription";
                    case ClaimStage.RequestNotSent:
                        return "the broker did not acknowledge the claim request";
                    default:
                        return "no answer within " + (_timeoutMs / 1000).ToString() + " s";
                }
            }
        }

        /// <summary>The status's name (nanoFramework's Enum.ToString gives the number).</summary>
        public static string StatusName(ClaimStatus status)
        {
            switch (status)
            {
                case ClaimStatus.Issued: return "Issued";
                case ClaimStatus.BadToken: return "BadToken";
                case ClaimStatus.Expired: return "Expired";
                case ClaimStatus.Revoked: return "Revoked";
                case ClaimStatus.Exhausted: return "Exhausted";
                case ClaimStatus.AlreadyClaimed: return "AlreadyClaimed";
                case ClaimStatus.Invalid: return "Invalid";
                default: return ((int)status).ToString();
            }
        }
    }
}
