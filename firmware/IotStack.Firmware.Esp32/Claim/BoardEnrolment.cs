using System.Diagnostics;
using IotStack.Firmware.Claim;
using IotStack.Firmware.Hal;

namespace IotStack.Firmware.Esp32.Claim
{
    /// <summary>
    /// A board whose iotstack.cfg holds a claim token and no credential trades the token for its own credential
    /// (docs/security.md, "Claiming") through the portable <see cref="ClaimClient"/>, and keeps it in iotstack.cfg in the
    /// token's place (<see cref="BoardConfig.SaveCredential"/>). A failed attempt is logged with its reason and retried after
    /// a growing delay (5 s doubling to 5 min): the board waits, it never reboots over it. Nothing secret is logged.
    /// </summary>
    internal sealed class BoardEnrolment
    {
        public const int MinRetryMs = 5000;
        public const int MaxRetryMs = 300000;

        /// <summary>How long one attempt waits for the gateway's reply after its request was acknowledged.</summary>
        public const int ReplyTimeoutMs = 20000;

        private readonly ClaimClient _client;
        private int _retryMs = MinRetryMs;

        public BoardEnrolment(IClaimTransport transport, IRandomSource random, IClock clock)
        {
            _client = new ClaimClient(transport, random, clock);
        }

        public int Attempts { get; private set; }

        /// <summary>Why the last attempt failed (never a secret), or null.</summary>
        public string LastProblem { get; private set; }

        /// <summary>How long to wait before the next attempt; doubles with each failure.</summary>
        public int RetryDelayMs { get; private set; }

        /// <summary>One claim; true once the board holds its credential (in <paramref name="config"/>, and stored when the flash took it).</summary>
        public bool TryOnce(BoardConfig config, IFlashStore configFlash)
        {
            Attempts++;
            ClaimResult result = _client.Claim(config.Fleet, config.DeviceId, config.ClaimToken, ReplyTimeoutMs);
            if (!result.Issued)
            {
                LastProblem = result.Reason;
                RetryDelayMs = _retryMs;
                _retryMs = _retryMs >= MaxRetryMs / 2 ? MaxRetryMs : _retryMs * 2;
                Debug.WriteLine("iotstack: claim " + Attempts.ToString() + " with token " + config.ClaimToken.Id + " (session " + _client.Session + ") failed: "
                    + LastProblem + "; next attempt in " + (RetryDelayMs / 1000).ToString() + " s");
                return false;
            }

            LastProblem = null;
            if (config.SaveCredential(configFlash, result.User, result.Secret))
            {
                Debug.WriteLine("iotstack: claimed credential " + result.User + " with token " + config.ClaimToken.Id + ", stored in " + BoardConfig.FileName);
            }
            else
            {
                // The token will not issue a second credential for this device: until it is stored (or the board is
                // enrolled with `iotstack devices add`), it works only until the next restart.
                LastProblem = "claimed credential " + result.User + " could not be stored in " + BoardConfig.FileName;
                Debug.WriteLine("iotstack: " + LastProblem + "; running with it until the next restart");
            }

            return true;
        }
    }
}
