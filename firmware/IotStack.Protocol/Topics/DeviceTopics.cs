namespace IotStack.Protocol
{
    /// <summary>
    /// The MQTT topic scheme, one device's topics built once (a board never concatenates topic strings
    /// in its loop). Layout <c>iot/{fleet}/{device}/{kind}</c>; every publish is QoS 1.
    /// <list type="bullet">
    /// <item>board → gateway: telemetry, finding, log, cmd/reply, ota/request, ota/progress (not retained);
    /// status is retained, and the board's MQTT last will is a retained Offline status on the same topic,
    /// so the broker tells the fleet when a board drops and a new gateway sees every last state.</item>
    /// <item>gateway → board: cmd, ota/chunk (not retained); ota/offer is retained so a board that is
    /// offline when a campaign reaches it finds the offer on reconnect (cleared by an empty retained publish).</item>
    /// </list>
    /// Gateways subscribe with <see cref="GatewayFilter"/>; several instances split a fleet with an
    /// MQTT 5 shared subscription (<see cref="SharedGatewayFilter"/>).
    /// </summary>
    public sealed class DeviceTopics
    {
        public const string Root = "iot";
        public const int MaxIdLength = 64;

        public DeviceTopics(string fleet, string device)
        {
            if (!IsValidId(fleet))
            {
                throw new System.ArgumentException("Fleet id must be 1-64 of [A-Za-z0-9_.-].", "fleet");
            }

            if (!IsValidId(device))
            {
                throw new System.ArgumentException("Device id must be 1-64 of [A-Za-z0-9_.-].", "device");
            }

            Fleet = fleet;
            Device = device;
            string prefix = Root + "/" + fleet + "/" + device + "/";
            Telemetry = prefix + "telemetry";
            Finding = prefix + "finding";
            Log = prefix + "log";
            Status = prefix + "status";
            Command = prefix + "cmd";
            CommandReply = prefix + "cmd/reply";
            OtaOffer = prefix + "ota/offer";
            OtaRequest = prefix + "ota/request";
            OtaChunk = prefix + "ota/chunk";
            OtaProgress = prefix + "ota/progress";
        }

        public string Fleet { get; private set; }

        public string Device { get; private set; }

        public string Telemetry { get; private set; }

        public string Finding { get; private set; }

        public string Log { get; private set; }

        public string Status { get; private set; }

        public string Command { get; private set; }

        public string CommandReply { get; private set; }

        public string OtaOffer { get; private set; }

        public string OtaRequest { get; private set; }

        public string OtaChunk { get; private set; }

        public string OtaProgress { get; private set; }

        /// <summary>
        /// Where a new board asks for its credential: <c>iot/{fleet}/{session}/claim</c>, the session being the MQTT
        /// client id it claims with (brokers let it touch only topics named after that id), not a device id.
        /// </summary>
        public static string ClaimRequestTopic(string fleet, string session)
        {
            return Root + "/" + fleet + "/" + session + "/claim";
        }

        /// <summary>Where the gateway answers the claim of <see cref="ClaimRequestTopic"/>.</summary>
        public static string ClaimReplyTopic(string fleet, string session)
        {
            return Root + "/" + fleet + "/" + session + "/claim/reply";
        }

        /// <summary>What a gateway subscribes to for one kind of board → gateway message across every fleet.</summary>
        public static string GatewayFilter(TopicKind kind)
        {
            return Root + "/+/+/" + Suffix(kind);
        }

        /// <summary>MQTT 5 shared subscription (§4.8.2): the broker gives each message to one member of the group.</summary>
        public static string SharedGatewayFilter(string group, TopicKind kind)
        {
            return "$share/" + group + "/" + GatewayFilter(kind);
        }

        public static string Suffix(TopicKind kind)
        {
            switch (kind)
            {
                case TopicKind.Telemetry: return "telemetry";
                case TopicKind.Finding: return "finding";
                case TopicKind.Log: return "log";
                case TopicKind.Status: return "status";
                case TopicKind.Command: return "cmd";
                case TopicKind.CommandReply: return "cmd/reply";
                case TopicKind.OtaOffer: return "ota/offer";
                case TopicKind.OtaRequest: return "ota/request";
                case TopicKind.OtaChunk: return "ota/chunk";
                case TopicKind.OtaProgress: return "ota/progress";
                case TopicKind.ClaimRequest: return "claim";
                case TopicKind.ClaimReply: return "claim/reply";
                default: return null;
            }
        }

        /// <summary>
        /// Splits <c>iot/{fleet}/{device}/{kind}</c>. Returns Unknown (and null ids) for anything else,
        /// including ids that <see cref="IsValidId"/> would refuse.
        /// </summary>
        public static TopicKind Parse(string topic, out string fleet, out string device)
        {
            fleet = null;
            device = null;
            if (topic == null || !topic.StartsWith(Root + "/"))
            {
                return TopicKind.Unknown;
            }

            int fleetStart = Root.Length + 1;
            int fleetEnd = topic.IndexOf('/', fleetStart);
            if (fleetEnd < 0)
            {
                return TopicKind.Unknown;
            }

            int deviceEnd = topic.IndexOf('/', fleetEnd + 1);
            if (deviceEnd < 0)
            {
                return TopicKind.Unknown;
            }

            string suffix = topic.Substring(deviceEnd + 1);
            TopicKind kind = TopicKind.Unknown;
            for (int k = (int)TopicKind.Telemetry; k <= (int)TopicKind.ClaimReply; k++)
            {
                if (suffix == Suffix((TopicKind)k))
                {
                    kind = (TopicKind)k;
                    break;
                }
            }

            string f = topic.Substring(fleetStart, fleetEnd - fleetStart);
            string d = topic.Substring(fleetEnd + 1, deviceEnd - fleetEnd - 1);
            if (kind == TopicKind.Unknown || !IsValidId(f) || !IsValidId(d))
            {
                return TopicKind.Unknown;
            }

            fleet = f;
            device = d;
            return kind;
        }

        /// <summary>Ids are 1-64 of [A-Za-z0-9_.-]: never an MQTT wildcard, separator or '$'.</summary>
        public static bool IsValidId(string id)
        {
            if (id == null || id.Length == 0 || id.Length > MaxIdLength)
            {
                return false;
            }

            for (int i = 0; i < id.Length; i++)
            {
                char c = id[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
