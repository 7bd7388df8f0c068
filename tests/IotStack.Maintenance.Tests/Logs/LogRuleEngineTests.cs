using IotStack.Maintenance.Logs;

namespace IotStack.Maintenance.Tests.Logs;

public sealed class LogRuleEngineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 22, 0, 0, TimeSpan.Zero);

    private static LogRecord Line(double seconds, LogSeverity level = LogSeverity.Error, string message = "boom", string source = "edge-1") =>
        new(T0.AddSeconds(seconds), level, source, "app", message);

    private static LogRuleEngine Burst(int moreThan = 5, string? pattern = null) =>
        new([new LogRule(new LogRuleOptions { Name = "error-burst", MinLevel = LogSeverity.Error, MoreThan = moreThan, Window = TimeSpan.FromMinutes(1), Pattern = pattern })]);

    [Fact]
    public void Evaluate_SixErrorsInAMinute_FiresOnTheSixth()
    {
        var engine = Burst();

        var fired = Enumerable.Range(0, 6).Select(i => engine.Evaluate(Line(i * 5)).Count).ToList();

        Assert.Equal([0, 0, 0, 0, 0, 1], fired);
    }

    [Fact]
    public void Evaluate_SixErrorsSpreadOverTwoMinutes_DoesNotFire()
    {
        var engine = Burst();

        Assert.All(Enumerable.Range(0, 6), i => Assert.Empty(engine.Evaluate(Line(i * 20))));
    }

    [Fact]
    public void Evaluate_ContinuingBurst_FiresOnceUntilItCalmsDown()
    {
        var engine = Burst(moreThan: 2);

        var during = Enumerable.Range(0, 20).Sum(i => engine.Evaluate(Line(i)).Count);
        var afterCalm = engine.Evaluate(Line(200)).Count + engine.Evaluate(Line(201)).Count + engine.Evaluate(Line(202)).Count;

        Assert.Equal(1, during);
        Assert.Equal(1, afterCalm);
    }

    [Fact]
    public void Evaluate_WarningsAndOtherSources_CountSeparately()
    {
        var engine = Burst(moreThan: 1);

        Assert.Empty(engine.Evaluate(Line(0, LogSeverity.Warning)));
        Assert.Empty(engine.Evaluate(Line(1, LogSeverity.Warning)));
        Assert.Empty(engine.Evaluate(Line(2, source: "edge-1")));
        Assert.Empty(engine.Evaluate(Line(3, source: "edge-2")));
        var match = Assert.Single(engine.Evaluate(Line(4, LogSeverity.Critical, source: "edge-2")));
        Assert.Equal("edge-2", match.Source);
        Assert.Equal(2, match.Count);
        Assert.Equal(T0.AddSeconds(3), match.FirstAt);
    }

    [Fact]
    public void Evaluate_Pattern_OnlyMatchingLinesCount()
    {
        var engine = Burst(moreThan: 0, pattern: @"i2c-\d+ timeout");

        Assert.Empty(engine.Evaluate(Line(0, message: "disk full")));
        var match = Assert.Single(engine.Evaluate(Line(1, message: "bus I2C-3 TIMEOUT after 50 ms")));
        Assert.Equal("error-burst", match.Rule);
    }

    [Fact]
    public void Constructor_InvalidPattern_FailsWithConfigurationError()
    {
        Assert.Throws<MaintenanceConfigurationException>(() => new LogRule(new LogRuleOptions { Name = "bad", Pattern = "(unclosed" }));
    }
}
