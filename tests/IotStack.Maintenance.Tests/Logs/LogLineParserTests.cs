using IotStack.Maintenance.Logs;

namespace IotStack.Maintenance.Tests.Logs;

public sealed class LogLineParserTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 25, 23, 0, 0, TimeSpan.Zero);

    private static LogRecord Parse(string line, LogLineFormat format = LogLineFormat.Application)
    {
        Assert.True(LogLineParser.TryParse(line, format, "edge-1", "/var/log/app.log", Received, out var record));
        return record;
    }

    [Fact]
    public void TryParse_IsoTimestampAndLevel_ReadsAllFields()
    {
        var record = Parse("2026-11-25T22:01:02.250Z ERROR sensor bus timeout on i2c-1");

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 22, 1, 2, 250, TimeSpan.Zero), record.At);
        Assert.Equal(LogSeverity.Error, record.Level);
        Assert.Equal("sensor bus timeout on i2c-1", record.Message);
        Assert.Equal("edge-1", record.Source);
        Assert.Equal("/var/log/app.log", record.Component);
    }

    [Fact]
    public void TryParse_PythonStyleDateSpaceTimeCommaMillis_ReadsTimestamp()
    {
        var record = Parse("2026-11-25 22:01:02,500 [WARNING] disk at 91%");

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 22, 1, 2, 500, TimeSpan.Zero), record.At);
        Assert.Equal(LogSeverity.Warning, record.Level);
        Assert.Equal("disk at 91%", record.Message);
    }

    [Fact]
    public void TryParse_OffsetWithoutColon_ConvertsToUtc()
    {
        var record = Parse("2026-11-25T23:01:02+0100 info started");

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 22, 1, 2, TimeSpan.Zero), record.At);
        Assert.Equal(LogSeverity.Info, record.Level);
    }

    [Fact]
    public void TryParse_NoTimestampNoLevel_UsesReceivedTimeAndInfersLevel()
    {
        var record = Parse("connection failed: broker unreachable");

        Assert.Equal(Received, record.At);
        Assert.Equal(LogSeverity.Error, record.Level);
        Assert.Equal("connection failed: broker unreachable", record.Message);
    }

    [Fact]
    public void TryParse_JournalShortIso_TakesUnitFromIdentifier()
    {
        var record = Parse("2026-11-25T22:01:02+0000 gw01 mosquitto[812]: Error: Out of memory.", LogLineFormat.JournalShortIso);

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 22, 1, 2, TimeSpan.Zero), record.At);
        Assert.Equal("mosquitto", record.Component);
        Assert.Equal("edge-1", record.Source);
        Assert.Equal("Error: Out of memory.", record.Message);
        Assert.Equal(LogSeverity.Error, record.Level);
    }

    [Fact]
    public void TryParse_JournalKernelLineWithoutPid_Parses()
    {
        var record = Parse("2026-11-25T22:01:02+0000 gw01 kernel: usb 1-1: new device", LogLineFormat.JournalShortIso);

        Assert.Equal("kernel", record.Component);
        Assert.Equal(LogSeverity.Info, record.Level);
    }

    [Fact]
    public void TryParse_LeadingByteOrderMark_Ignored()
    {
        var record = Parse("\uFEFFWARN low battery");

        Assert.Equal(LogSeverity.Warning, record.Level);
        Assert.Equal("low battery", record.Message);
    }

    [Theory]
    [InlineData("-- No entries --")]
    [InlineData("-- cursor: s=abc;i=1")]
    [InlineData("   ")]
    [InlineData("")]
    public void TryParse_JournalMetaOrBlankLine_Skipped(string line)
    {
        Assert.False(LogLineParser.TryParse(line, LogLineFormat.JournalShortIso, "edge-1", "", Received, out _));
    }

    [Theory]
    [InlineData("[ERR]", (int)LogSeverity.Error)]
    [InlineData("warn:", (int)LogSeverity.Warning)]
    [InlineData("FATAL", (int)LogSeverity.Critical)]
    [InlineData("dbg", (int)LogSeverity.Debug)]
    [InlineData("TRACE", (int)LogSeverity.Trace)]
    public void TryParseLevel_CommonSpellings_Recognised(string word, int expected)
    {
        Assert.True(LogLineParser.TryParseLevel(word, out var level));
        Assert.Equal((LogSeverity)expected, level);
    }
}
