namespace IotStack.Protocol
{
    /// <summary>
    /// Well-known channel numbers carried in telemetry (one byte on the wire). Frozen: a board in
    /// the field keeps sending these numbers after the gateway is upgraded.
    /// </summary>
    public static class Channel
    {
        public const byte Temperature = 1;   // °C
        public const byte Humidity = 2;      // %RH
        public const byte Pressure = 3;      // hPa
        public const byte Sht31Temperature = 4; // °C, second sensor
        public const byte Sht31Humidity = 5; // %RH, second sensor

        /// <summary>Name used in topics, APIs and dashboards; "ch{n}" for numbers this build does not know.</summary>
        public static string NameOf(byte channel)
        {
            switch (channel)
            {
                case Temperature: return "temperature";
                case Humidity: return "humidity";
                case Pressure: return "pressure";
                case Sht31Temperature: return "sht31.temperature";
                case Sht31Humidity: return "sht31.humidity";
                default: return "ch" + channel.ToString();
            }
        }
    }
}
