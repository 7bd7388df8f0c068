using IotStack.Protocol;

namespace IotStack.Gateway.Dashboard.Charts;

/// <summary>The unit a channel's values are in (protocol channel numbers, firmware/IotStack.Protocol/Messages/Channel.cs).</summary>
internal static class ChannelUnit
{
    public static string Of(byte channel) => channel switch
    {
        Channel.Temperature or Channel.Sht31Temperature => "°C",
        Channel.Humidity or Channel.Sht31Humidity => "%RH",
        Channel.Pressure => "hPa",
        _ => "",
    };
}
