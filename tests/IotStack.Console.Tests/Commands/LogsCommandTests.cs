using IotStack.Cli.Client;
using IotStack.Cli.Commands;
using IotStack.Console.Tests.Support;
using IotStack.Maintenance.Logs;
using Microsoft.Extensions.DependencyInjection;

namespace IotStack.Console.Tests.Commands;

/// <summary><c>iotstack logs</c> against the running gateway's log search.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class LogsCommandTests(ConsoleGateway gateway)
{
    private readonly string _source = "cli-" + Guid.NewGuid().ToString("N")[..6];

    [Fact]
    public async Task RunAsync_SourceLevelAndGrep_PrintsOnlyMatchingLinesOldestFirst()
    {
        DateTimeOffset now = TimeProvider.System.GetUtcNow();
        await AppendAsync(
            new LogRecord(now.AddSeconds(-3), LogSeverity.Error, _source, "pump", "pressure low on line 1"),
            new LogRecord(now.AddSeconds(-2), LogSeverity.Info, _source, "pump", "pressure low on line 2"),
            new LogRecord(now.AddSeconds(-1), LogSeverity.Error, _source, "pump", "pressure low on line 3"),
            new LogRecord(now, LogSeverity.Error, _source, "pump", "valve stuck"));
        var output = new StringWriter();

        int code = await LogsCommand.RunAsync(Connection(TestUsers.ViewerToken), new LogsRequest(_source, "error", "PRESSURE"), output, TimeSpan.FromMilliseconds(100), CancellationToken.None);

        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(0, code);
        Assert.Equal(2, lines.Length);
        Assert.EndsWith("pressure low on line 1", lines[0].TrimEnd(), StringComparison.Ordinal);
        Assert.EndsWith("pressure low on line 3", lines[1].TrimEnd(), StringComparison.Ordinal);
        Assert.Contains($" Error    {_source} pump: ", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Follow_PrintsLinesLoggedAfterItStartedOnceEach()
    {
        DateTimeOffset start = TimeProvider.System.GetUtcNow();
        await AppendAsync(new LogRecord(start, LogSeverity.Warning, _source, "", "before follow"));
        var output = new StringWriter();
        TextWriter shared = TextWriter.Synchronized(output);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        Task<int> following = LogsCommand.RunAsync(Connection(TestUsers.ViewerToken), new LogsRequest(_source, Follow: true), shared, TimeSpan.FromMilliseconds(100), stop.Token);
        await WaitForAsync(shared, output, "before follow");
        await AppendAsync(new LogRecord(start.AddMilliseconds(500), LogSeverity.Warning, _source, "", "first new line"));
        await WaitForAsync(shared, output, "first new line");
        await AppendAsync(new LogRecord(start.AddMilliseconds(900), LogSeverity.Error, _source, "", "second new line"));
        await WaitForAsync(shared, output, "second new line");
        // A few more polls: lines already printed must not come back.
        await Task.Delay(400);
        await stop.CancelAsync();
        int code = await following;

        string text = Read(shared, output);
        Assert.Equal(0, code);
        Assert.Equal(1, Occurrences(text, "before follow"));
        Assert.Equal(1, Occurrences(text, "first new line"));
        Assert.Equal(1, Occurrences(text, "second new line"));
        Assert.True(text.IndexOf("first new line", StringComparison.Ordinal) < text.IndexOf("second new line", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_NoToken_FailsWithHowToAuthenticate()
    {
        var output = new StringWriter();

        int code = await LogsCommand.RunAsync(new GatewayConnection(gateway.BaseUrl, null), new LogsRequest(), output, TimeSpan.FromMilliseconds(100), CancellationToken.None);

        Assert.Equal(1, code);
        Assert.Contains("401", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("IOTSTACK_TOKEN", output.ToString(), StringComparison.Ordinal);
    }

    private GatewayConnection Connection(string token) => new(gateway.BaseUrl, token);

    private Task AppendAsync(params LogRecord[] records) =>
        gateway.Services.GetRequiredService<ILogStore>().AppendAsync(records, CancellationToken.None);

    private static async Task WaitForAsync(TextWriter shared, StringWriter output, string text)
    {
        for (int i = 0; i < 200 && !Read(shared, output).Contains(text, StringComparison.Ordinal); i++)
        {
            await Task.Delay(50);
        }

        Assert.Contains(text, Read(shared, output), StringComparison.Ordinal);
    }

    private static string Read(TextWriter shared, StringWriter output)
    {
        lock (shared)
        {
            return output.ToString();
        }
    }

    private static int Occurrences(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
