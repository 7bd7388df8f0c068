using System.Text;
using IotStack.Firmware.Claim;
using IotStack.Firmware.Hal;
using IotStack.Protocol;

namespace IotStack.Firmware.Esp32
{
    /// <summary>
    /// The board's settings, read from <c>iotstack.cfg</c> on the internal flash (I:\): one <c>key=value</c> per line,
    /// '#' starts a comment. Secrets (the Wi-Fi password) live only there, never in the image. Keys:
    /// wifi.ssid, wifi.password, mqtt.host, mqtt.port (1883), fleet, device, i2c.bus (1), i2c.sda (21), i2c.scl (22),
    /// bme280.address (0x76 = 118), sht31.address (0x44 = 68), watchdog.ms (60000), ota.key (the fleet's Ed25519 release
    /// key, 64 hex digits from <c>iotstack ota keygen</c>; without it the board runs without OTA), flash.bytes (budget
    /// for the core's files on I:\, 262144; with OTA it must hold two images besides the queue and logs), mqtt.user and
    /// mqtt.secret (the board's broker credential), claim.token (an enrolment token, <c>ID.SECRET</c>: without a credential
    /// the board claims one at boot, and <see cref="SaveCredential"/> then writes it here in the token's place).
    /// </summary>
    internal sealed class BoardConfig
    {
        public const string FileName = "iotstack.cfg";
        private const int MaxBytes = 2048;

        private const string CredentialComment = "# Claimed with an enrolment token (the token is spent and removed); the board's own secret:";

        /// <summary>Room the claimed credential takes in the file: the comment and both lines at their longest, and a last newline.</summary>
        private static readonly int CredentialBytes = CredentialComment.Length + 1 + "mqtt.user=".Length + ClaimReply.MaxUserBytes + 1
            + "mqtt.secret=".Length + ClaimReply.MaxSecretBytes + 1 + 1;

        private BoardConfig()
        {
            MqttPort = 1883;
            I2cBus = 1;
            SdaPin = 21; // ESP32 DevKit's usual I2C pins
            SclPin = 22;
            Bme280Address = 0x76;
            Sht31Address = 0x44;
            WatchdogMs = 60000;
            FlashBytes = 256 * 1024;
        }

        public string WifiSsid { get; private set; }

        public string WifiPassword { get; private set; }

        public string MqttHost { get; private set; }

        public int MqttPort { get; private set; }

        public string Fleet { get; private set; }

        public string DeviceId { get; private set; }

        public int I2cBus { get; private set; }

        public int SdaPin { get; private set; }

        public int SclPin { get; private set; }

        public int Bme280Address { get; private set; }

        public int Sht31Address { get; private set; }

        public int WatchdogMs { get; private set; }

        /// <summary>32-byte Ed25519 public key releases must be signed with, or null (no OTA).</summary>
        public byte[] OtaPublicKey { get; private set; }

        public int FlashBytes { get; private set; }

        public string MqttUser { get; private set; }

        public string MqttSecret { get; private set; }

        public bool MqttTls { get; private set; }

        /// <summary>File on I:\ with the broker CA's PEM certificate (with <see cref="MqttTls"/>).</summary>
        public string MqttCaFile { get; private set; }

        /// <summary>The enrolment token, when the file has one (whether or not a credential is there too).</summary>
        public ClaimToken ClaimToken { get; private set; }

        /// <summary>A claim token and no credential: the board must claim before it can connect.</summary>
        public bool NeedsClaim
        {
            get { return ClaimToken != null && (MqttUser == null || MqttUser.Length == 0 || MqttSecret == null || MqttSecret.Length == 0); }
        }

        private bool _hasOtaKey;
        private bool _hasClaimToken;
        private int _fileLength;

        /// <summary>The parsed file, or null (with <paramref name="problem"/> saying why) when it is missing or incomplete.</summary>
        public static BoardConfig Load(IFlashStore flash, out string problem)
        {
            int length = flash.Length(FileName);
            if (length <= 0 || length > MaxBytes)
            {
                problem = FileName + " missing or larger than " + MaxBytes.ToString() + " bytes";
                return null;
            }

            byte[] bytes = new byte[length];
            int read = flash.Read(FileName, 0, bytes, 0, length);
            string[] lines = Encoding.UTF8.GetString(bytes, 0, read).Split('\n');
            BoardConfig config = new BoardConfig();
            config._fileLength = read;
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                int equals = line.IndexOf('=');
                if (line.Length == 0 || line[0] == '#' || equals <= 0)
                {
                    continue;
                }

                config.Set(line.Substring(0, equals).Trim(), line.Substring(equals + 1).Trim());
            }

            problem = config.Missing();
            return problem == null ? config : null;
        }

        /// <summary>
        /// Writes a claimed credential into the file in one atomic replace: the claim.token line and any old mqtt.user and
        /// mqtt.secret lines go, the credential is appended, every other line stays as it was. From then on the board
        /// boots with its own credential and never claims again. This configuration holds the credential either way; false
        /// when the flash refused the write.
        /// </summary>
        public bool SaveCredential(IFlashStore flash, string user, string secret)
        {
            MqttUser = user;
            MqttSecret = secret;
            int length = flash.Length(FileName);
            if (length <= 0 || length > MaxBytes)
            {
                return false;
            }

            byte[] bytes = new byte[length];
            int read = flash.Read(FileName, 0, bytes, 0, length);
            string[] lines = Encoding.UTF8.GetString(bytes, 0, read).Split('\n');
            string text = "";
            for (int i = 0; i < lines.Length; i++)
            {
                string key = KeyOf(lines[i]);
                if (key == "claim.token" || key == "mqtt.user" || key == "mqtt.secret" || lines[i].Trim() == CredentialComment
                    || (i == lines.Length - 1 && lines[i].Length == 0))
                {
                    continue;
                }

                text = text + lines[i] + "\n";
            }

            text = text + CredentialComment + "\nmqtt.user=" + user + "\nmqtt.secret=" + secret + "\n";
            byte[] updated = Encoding.UTF8.GetBytes(text);
            return updated.Length <= MaxBytes && flash.Replace(FileName, updated, 0, updated.Length);
        }

        private static string KeyOf(string line)
        {
            string trimmed = line.Trim();
            int equals = trimmed.IndexOf('=');
            return trimmed.Length == 0 || trimmed[0] == '#' || equals <= 0 ? null : trimmed.Substring(0, equals).Trim();
        }

        private void Set(string key, string value)
        {
            switch (key)
            {
                case "wifi.ssid": WifiSsid = value; break;
                case "wifi.password": WifiPassword = value; break;
                case "mqtt.host": MqttHost = value; break;
                case "mqtt.port": MqttPort = int.Parse(value); break;
                case "fleet": Fleet = value; break;
                case "device": DeviceId = value; break;
                case "i2c.bus": I2cBus = int.Parse(value); break;
                case "i2c.sda": SdaPin = int.Parse(value); break;
                case "i2c.scl": SclPin = int.Parse(value); break;
                case "bme280.address": Bme280Address = int.Parse(value); break;
                case "sht31.address": Sht31Address = int.Parse(value); break;
                case "watchdog.ms": WatchdogMs = int.Parse(value); break;
                case "ota.key": _hasOtaKey = true; OtaPublicKey = ParseKey(value); break;
                case "flash.bytes": FlashBytes = int.Parse(value); break;
                case "mqtt.user": MqttUser = value; break;
                case "mqtt.secret": MqttSecret = value; break;
                case "mqtt.tls": MqttTls = value == "true"; break;
                case "mqtt.ca": MqttCaFile = value; break;
                case "claim.token": _hasClaimToken = true; ClaimToken = ClaimToken.Parse(value); break;
                default: break; // unknown keys are ignored so a newer file still boots an older image
            }
        }

        /// <summary>64 hex digits to 32 bytes, or null when malformed (then Missing() says so).</summary>
        private static byte[] ParseKey(string hex)
        {
            if (hex.Length != 64)
            {
                return null;
            }

            byte[] key = new byte[32];
            for (int i = 0; i < 32; i++)
            {
                int high = HexDigit(hex[2 * i]);
                int low = HexDigit(hex[(2 * i) + 1]);
                if (high < 0 || low < 0)
                {
                    return null;
                }

                key[i] = (byte)((high << 4) | low);
            }

            return key;
        }

        private static int HexDigit(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            return -1;
        }

        private string Missing()
        {
            if (WifiSsid == null || WifiSsid.Length == 0)
            {
                return "wifi.ssid not set";
            }

            if (MqttHost == null || MqttHost.Length == 0)
            {
                return "mqtt.host not set";
            }

            if (Fleet == null || DeviceId == null)
            {
                return "fleet and device must be set";
            }

            if (I2cBus != 1 && I2cBus != 2)
            {
                return "i2c.bus must be 1 or 2 (the ESP32 has two I2C controllers)";
            }

            if (MqttTls && (MqttCaFile == null || MqttCaFile.Length == 0))
            {
                return "mqtt.ca must name the broker CA's certificate file on I:\\ when mqtt.tls=true";
            }

            if (_hasOtaKey && OtaPublicKey == null)
            {
                return "ota.key must be 64 hex digits";
            }

            if (_hasClaimToken && ClaimToken == null)
            {
                return "claim.token must be ID.SECRET as `iotstack devices claim-token create` prints it";
            }

            if (NeedsClaim && (!DeviceTopics.IsValidId(Fleet) || !DeviceTopics.IsValidId(DeviceId)))
            {
                return "fleet and device must be 1-64 of [A-Za-z0-9_.-] to claim a credential";
            }

            if (NeedsClaim && _fileLength + CredentialBytes > MaxBytes)
            {
                // Checked before claiming: a credential the board could not keep would be lost at the next boot, and
                // the token does not issue a second one for the same device.
                return FileName + " leaves no room for the claimed credential (at most " + (MaxBytes - CredentialBytes).ToString() + " bytes with claim.token)";
            }

            return null;
        }
    }
}
