using IotStack.Protocol;

namespace IotStack.Gateway.Api;

internal static class CommandParser
{
    /// <summary>Null when the request names no known command or a channel out of range.</summary>
    public static Command? Parse(CommandRequest request)
    {
        CommandKind? kind = request.Kind?.ToLowerInvariant() switch
        {
            "ping" => CommandKind.Ping,
            "reboot" => CommandKind.Reboot,
            "set-sample-period" => CommandKind.SetSamplePeriod,
            "set-thresholds" => CommandKind.SetThresholds,
            "read-config" => CommandKind.ReadConfig,
            "dump-logs" => CommandKind.DumpLogs,
            _ => null,
        };
        if (kind is null || request.Channel is < 0 or > 255 || request.Window is < 0 or > ushort.MaxValue)
        {
            return null;
        }

        return new Command
        {
            Kind = kind.Value,
            Channel = (byte)request.Channel,
            IntValue = request.IntValue,
            Min = request.Min ?? float.NaN,
            Max = request.Max ?? float.NaN,
            MaxRatePerSecond = request.MaxRatePerSecond ?? float.NaN,
            SigmaK = request.SigmaK ?? float.NaN,
            Window = request.Window,
        };
    }
}
