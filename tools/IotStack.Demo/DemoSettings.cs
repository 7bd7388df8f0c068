using System.Globalization;

namespace IotStack.Demo;

/// <summary>Gateway configuration for the demo: embedded broker on a free port, SQLite under ./.iotstack/, short heartbeats so silence shows quickly.</summary>
internal static class DemoSettings
{
    public static Dictionary<string, string?> Gateway(int httpPort, string dataDirectory) => new()
    {
        ["IotStack:Broker:Mode"] = "Embedded",
        ["IotStack:Broker:Port"] = "0",
        ["IotStack:Broker:ClientId"] = "iotstack-demo-gateway",
        ["IotStack:Storage:Provider"] = "Sqlite",
        ["IotStack:Storage:SqlitePath"] = Path.Combine(dataDirectory, "demo.db"),
        ["IotStack:Http:Urls"] = "http://127.0.0.1:" + httpPort.ToString(CultureInfo.InvariantCulture),
        ["IotStack:Alerts:Heartbeat"] = "00:00:05",
        ["IotStack:Alerts:OfflineAfterHeartbeats"] = "3",
        ["IotStack:Alerts:ClearAfter"] = "00:00:10",
        ["IotStack:Alerts:ReminderInterval"] = "00:01:00",
        ["IotStack:Channels:1:Min"] = "5",
        ["IotStack:Channels:1:Max"] = "35",
        ["IotStack:Channels:1:ValidMin"] = "-40",
        ["IotStack:Channels:1:ValidMax"] = "85",
        ["IotStack:Channels:1:Severity"] = "Warning",
        ["IotStack:Channels:2:Min"] = "10",
        ["IotStack:Channels:2:Max"] = "90",
        ["IotStack:Channels:2:ValidMin"] = "0",
        ["IotStack:Channels:2:ValidMax"] = "100",
        ["IotStack:Channels:2:StuckSamples"] = "20",
        // Above the BME280's 0.008 %RH resolution: a stuck sensor still jitters by a step or two.
        ["IotStack:Channels:2:StuckTolerance"] = "0.02",
        ["IotStack:Channels:3:Min"] = "950",
        ["IotStack:Channels:3:Max"] = "1060",
        ["IotStack:Rules:0:Name"] = "hot-and-humid",
        ["IotStack:Rules:0:Operator"] = "And",
        ["IotStack:Rules:0:Conditions:0:Channel"] = "1",
        ["IotStack:Rules:0:Conditions:0:Above"] = "30",
        ["IotStack:Rules:0:Conditions:1:Channel"] = "2",
        ["IotStack:Rules:0:Conditions:1:Above"] = "70",
        // The live table shows alerts; keep the log to errors so it does not scroll over it.
        ["Logging:LogLevel:Default"] = "Error",
    };
}
