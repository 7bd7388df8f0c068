using BenchmarkDotNet.Attributes;
using IotStack.Maintenance.Logs;

namespace IotStack.Bench;

/// <summary>
/// Log lines per second through the monitor's hot path. Baseline: parsing alone. Then parsing plus three rules
/// (level-only burst, regex burst, per-source rate). Results are per line (OperationsPerInvoke); lines/s = 1e9 / ns.
/// </summary>
[MemoryDiagnoser]
public class LogRuleBenchmarks
{
    private const int Lines = 20_000;
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 22, 0, 0, TimeSpan.Zero);
    private string[] _lines = null!;
    private LogRuleEngine _engine = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        string[] levels = ["INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"];
        string[] messages = ["sensor read ok value=21.5", "mqtt publish qos1 id=88", "bus i2c-1 timeout after 50 ms", "disk usage 71%", "ota chunk 12/40 verified"];
        _lines = Enumerable.Range(0, Lines)
            .Select(i => $"{T0.AddMilliseconds(i * 50):yyyy-MM-ddTHH:mm:ss.fffZ} {levels[random.Next(levels.Length)]} {messages[random.Next(messages.Length)]}")
            .ToArray();
        _engine = NewEngine();
    }

    private static LogRuleEngine NewEngine() => new(
    [
        new LogRule(new LogRuleOptions { Name = "error-burst", MinLevel = LogSeverity.Error, MoreThan = 5, Window = TimeSpan.FromMinutes(1) }),
        new LogRule(new LogRuleOptions { Name = "i2c-timeouts", MinLevel = LogSeverity.Info, Pattern = @"i2c-\d+ timeout", MoreThan = 20, Window = TimeSpan.FromSeconds(30) }),
        new LogRule(new LogRuleOptions { Name = "warning-rate", MinLevel = LogSeverity.Warning, Source = "edge-1", MoreThan = 100, Window = TimeSpan.FromMinutes(5) }),
    ]);

    [Benchmark(Baseline = true, OperationsPerInvoke = Lines, Description = "parse only")]
    public int Parse()
    {
        var parsed = 0;
        foreach (var line in _lines)
        {
            parsed += LogLineParser.TryParse(line, LogLineFormat.Application, "edge-1", "app", T0, out _) ? 1 : 0;
        }

        return parsed;
    }

    [Benchmark(OperationsPerInvoke = Lines, Description = "parse + 3 rules")]
    public int ParseAndMatch()
    {
        var fired = 0;
        foreach (var line in _lines)
        {
            if (LogLineParser.TryParse(line, LogLineFormat.Application, "edge-1", "app", T0, out var record))
            {
                fired += _engine.Evaluate(record).Count;
            }
        }

        return fired;
    }
}
