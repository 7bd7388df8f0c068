using IotStack.Cli.Commands;

namespace IotStack.Console.Tests.Commands;

/// <summary>The CLI's tables show times as ages so they fit 80 columns; the boundaries read as an operator expects.</summary>
public sealed class AgeTextTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, "now")]
    [InlineData(-5, "now")]
    [InlineData(59, "59s ago")]
    [InlineData(60, "1m ago")]
    [InlineData(3599, "59m ago")]
    [InlineData(3600, "1h ago")]
    [InlineData(86_399, "23h ago")]
    [InlineData(86_400, "2026-12-05")]
    public void Age_SecondsBeforeNow_ReadsAsExpected(int secondsAgo, string expected) =>
        Assert.Equal(expected, ClientCommands.Age(Now, Now.AddSeconds(-secondsAgo)));
}
