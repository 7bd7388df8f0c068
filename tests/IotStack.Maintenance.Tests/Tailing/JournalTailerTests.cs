using IotStack.Maintenance.Commands;
using IotStack.Maintenance.Connections;
using IotStack.Maintenance.Hosts;
using IotStack.Maintenance.Tailing;
using IotStack.Maintenance.Tests.Support;

namespace IotStack.Maintenance.Tests.Tailing;

public sealed class JournalTailerTests
{
    private static readonly HostOptions Host = new() { Name = "gw-01", Address = "10.0.0.1", User = "iot" };
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private static (JournalTailer Tailer, ScriptedConnectionFactory Factory) Create(Func<string, RemoteExecution> respond)
    {
        var options = new MaintenanceOptions();
        var factory = new ScriptedConnectionFactory(respond);
        var pool = new SshConnectionPool(factory, options);
        return (new JournalTailer(Host, "mosquitto.service", new CommandCatalog(options.TailRoots), pool, TimeProvider.System), factory);
    }

    [Fact]
    public async Task PollAsync_FirstContactThenNewEntries_ResumesAfterCursor()
    {
        var answers = new Queue<string>(
        [
            "2026-11-25T22:00:00+0000 gw01 mosquitto[9]: old entry\n-- cursor: s=1;i=a\n",
            "2026-11-25T22:00:05+0000 gw01 mosquitto[9]: Error: client gone\n2026-11-25T22:00:06+0000 gw01 mosquitto[9]: ok\n-- cursor: s=1;i=c\n",
            "-- No entries --\n",
        ]);
        var (tailer, factory) = Create(_ => new RemoteExecution(0, answers.Dequeue(), "", false));

        var first = await tailer.PollAsync(Timeout, CancellationToken.None);
        var second = await tailer.PollAsync(Timeout, CancellationToken.None);
        var third = await tailer.PollAsync(Timeout, CancellationToken.None);

        Assert.Empty(first.Records);
        Assert.Equal(["Error: client gone", "ok"], second.Records.Select(r => r.Message));
        Assert.All(second.Records, r => Assert.Equal("mosquitto", r.Component));
        Assert.Empty(third.Records);
        Assert.Equal("s=1;i=c", tailer.Cursor);
        var commands = factory.Commands.ToArray();
        Assert.Contains("-n 1", commands[0], StringComparison.Ordinal);
        Assert.EndsWith("--after-cursor 's=1;i=a'", commands[1], StringComparison.Ordinal);
        Assert.EndsWith("--after-cursor 's=1;i=c'", commands[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollAsync_HostileCursor_NotUsedInTheNextCommand()
    {
        var answers = new Queue<string>(["-- cursor: s=1;i=a\n", "-- cursor: x'; reboot; echo '\n", ""]);
        var (tailer, factory) = Create(_ => new RemoteExecution(0, answers.Dequeue(), "", false));

        await tailer.PollAsync(Timeout, CancellationToken.None);
        var hostile = await tailer.PollAsync(Timeout, CancellationToken.None);
        await tailer.PollAsync(Timeout, CancellationToken.None);

        Assert.False(hostile.Succeeded);
        Assert.Equal("s=1;i=a", tailer.Cursor);
        Assert.DoesNotContain(factory.Commands, c => c.Contains("reboot", StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_InjectedUnit_Refused()
    {
        var options = new MaintenanceOptions();
        var pool = new SshConnectionPool(new ScriptedConnectionFactory(_ => new RemoteExecution(0, "", "", false)), options);

        Assert.Throws<MaintenanceConfigurationException>(() => new JournalTailer(Host, "x; reboot", new CommandCatalog(options.TailRoots), pool, TimeProvider.System));
    }
}
