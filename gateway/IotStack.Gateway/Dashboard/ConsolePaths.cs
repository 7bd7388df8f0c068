namespace IotStack.Gateway.Dashboard;

/// <summary>The console's URLs: every route lives under <see cref="Base"/>.</summary>
internal static class ConsolePaths
{
    public const string Base = "/console";

    public static string Device(string deviceId) => $"{Base}/devices/{Uri.EscapeDataString(deviceId)}";

    public static string Device(string deviceId, int channel, string? range = null) =>
        Device(deviceId) + "?channel=" + ConsoleText.Invariant(channel) + (range is null ? "" : "&range=" + Uri.EscapeDataString(range));
}
