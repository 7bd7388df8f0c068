using IotStack.Protocol;

namespace IotStack.Firmware.Claim
{
    /// <summary>
    /// An enrolment token as <c>iotstack devices claim-token create</c> prints it, <c>{id}.{secret}</c>: the id names the
    /// broker user <c>claim@{id}</c>, the secret is its password. <see cref="ToString"/> shows the id only.
    /// </summary>
    public sealed class ClaimToken
    {
        public const string UserPrefix = "claim@";

        private ClaimToken(string id, string secret)
        {
            Id = id;
            Secret = secret;
        }

        public string Id { get; private set; }

        public string Secret { get; private set; }

        /// <summary>The broker user the claim session connects as.</summary>
        public string User
        {
            get { return UserPrefix + Id; }
        }

        /// <summary>The token, or null when <paramref name="text"/> is not <c>{id}.{secret}</c> within the frame's limits.</summary>
        public static ClaimToken Parse(string text)
        {
            if (text == null)
            {
                return null;
            }

            text = text.Trim();
            int dot = text.IndexOf('.');
            if (dot <= 0 || dot == text.Length - 1)
            {
                return null;
            }

            string id = text.Substring(0, dot);
            string secret = text.Substring(dot + 1);
            if (id.Length > ClaimRequest.MaxTokenIdBytes || !DeviceTopics.IsValidId(id) || secret.Length > ClaimRequest.MaxSecretBytes || !IsPrintable(secret))
            {
                return null;
            }

            return new ClaimToken(id, secret);
        }

        public override string ToString()
        {
            return Id;
        }

        /// <summary>Printable ASCII only: one byte per character on the wire and in a key=value configuration line.</summary>
        private static bool IsPrintable(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] <= ' ' || text[i] > '~')
                {
                    return false;
                }
            }

            return true;
        }
    }
}
