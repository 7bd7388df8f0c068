using IotStack.Maintenance.Logs;
using ProtocolLogLevel = IotStack.Protocol.LogLevel;

namespace IotStack.Gateway.Tests.Logs;

/// <summary>
/// A board's <see cref="ProtocolLogLevel"/> (on the wire, docs/protocol.md) becomes the log store's
/// <see cref="LogSeverity"/> (on disk) by a cast in DeviceLogSink: both enums are formats, so their numbers are frozen
/// here, name by name, and neither may gain a member the other lacks.
/// </summary>
public sealed class LogLevelMirrorTests
{
    public static TheoryData<string, int> Frozen => new()
    {
        { "Trace", 0 }, { "Debug", 1 }, { "Info", 2 }, { "Warning", 3 }, { "Error", 4 }, { "Critical", 5 },
    };

    [Theory]
    [MemberData(nameof(Frozen))]
    public void ProtocolLogLevelAndLogSeverity_SameName_SameFrozenNumber(string name, int number)
    {
        Assert.Equal(number, (int)Enum.Parse<ProtocolLogLevel>(name));
        Assert.Equal(number, (int)Enum.Parse<LogSeverity>(name));
    }

    [Fact]
    public void ProtocolLogLevelAndLogSeverity_HaveTheSameMembers()
    {
        string[] frozen = Frozen.Select(row => (string)row[0]).ToArray();
        Assert.Equal(frozen, Enum.GetNames<ProtocolLogLevel>());
        Assert.Equal(frozen, Enum.GetNames<LogSeverity>());
    }
}
