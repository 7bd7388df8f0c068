using System.Text;
using IotStack.Maintenance.Alerts;
using IotStack.Maintenance.Commands;
using IotStack.Maintenance.Logs;
using IotStack.Maintenance.Tailing;
using IotStack.Maintenance.Tests.Support;

namespace IotStack.Maintenance.Tests.Tailing;

/// <summary>Tails files the test writes into the sshd work dir (readable by the SSH user) over a real SSH session.</summary>
[Collection(LiveSshCollection.Name)]
public sealed class RemoteFileTailerTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly MaintenanceHarness _harness = new([MaintenanceHarness.LiveHost("edge-1")]);
    private readonly string _path = Path.Combine(MaintenanceHarness.Ssh.WorkDir, $"app-{Guid.NewGuid():N}.log");

    public void Dispose()
    {
        foreach (var file in Directory.GetFiles(MaintenanceHarness.Ssh.WorkDir, Path.GetFileName(_path) + "*"))
        {
            File.Delete(file);
        }

        _harness.Dispose();
    }

    private RemoteFileTailer Tailer(bool fromStart = true) =>
        new(_harness.Inventory.Find("edge-1")!, _path, LogLineFormat.Application, fromStart, _harness.Catalog, _harness.Pool, TimeProvider.System);

    private void Append(params string[] lines) => File.AppendAllText(_path, string.Concat(lines.Select(l => l + "\n")), Encoding.UTF8);

    private static async Task<List<string>> PollMessages(RemoteFileTailer tailer)
    {
        var poll = await tailer.PollAsync(Timeout, CancellationToken.None);
        Assert.True(poll.Succeeded, poll.Message);
        return poll.Records.Select(r => r.Message).ToList();
    }

    [Fact]
    public async Task PollAsync_NotFromStart_ReadsOnlyLinesWrittenAfterFirstContact()
    {
        Append("INFO before 1", "INFO before 2");
        var tailer = Tailer(fromStart: false);

        var first = await PollMessages(tailer);
        Append("INFO after 1", "ERROR after 2 – ünïcode");
        var second = await PollMessages(tailer);
        var third = await PollMessages(tailer);

        Assert.Empty(first);
        Assert.Equal(["after 1", "after 2 – ünïcode"], second);
        Assert.Empty(third);
        Assert.Equal(new FileInfo(_path).Length, tailer.Position.Offset);
    }

    [Fact]
    public async Task PollAsync_PartialLine_WaitsForItsNewline()
    {
        File.WriteAllText(_path, "INFO half");
        var tailer = Tailer();

        var before = await PollMessages(tailer);
        File.AppendAllText(_path, " and the rest\n");
        var after = await PollMessages(tailer);

        Assert.Empty(before);
        Assert.Equal(["half and the rest"], after);
    }

    [Fact]
    public async Task PollAsync_FileRotated_DrainsOldFileThenReadsNewOneInOrder()
    {
        Append("INFO one", "INFO two");
        var tailer = Tailer();
        var first = await PollMessages(tailer);

        Append("INFO three", "INFO four");       // written just before logrotate moves the file
        File.Move(_path, _path + ".1");
        Append("INFO five", "INFO six");         // the application reopened a new file
        var poll = await tailer.PollAsync(Timeout, CancellationToken.None);
        var later = await PollMessages(tailer);

        Assert.Equal(["one", "two"], first);
        Assert.True(poll.Rotated);
        Assert.Equal(["three", "four", "five", "six"], poll.Records.Select(r => r.Message));
        Assert.Empty(later);
    }

    [Fact]
    public async Task PollAsync_FileTruncated_RestartsFromTheBeginning()
    {
        Append("INFO a fairly long first line", "INFO and a second one");
        var tailer = Tailer();
        await PollMessages(tailer);

        File.WriteAllText(_path, "WARN fresh\n"); // copytruncate
        var poll = await tailer.PollAsync(Timeout, CancellationToken.None);

        Assert.True(poll.Truncated);
        Assert.Equal(["fresh"], poll.Records.Select(r => r.Message));
    }

    [Fact]
    public async Task PollAsync_SshDropsAndComesBack_NoLineLostOrDuplicated()
    {
        Append("INFO 1", "INFO 2");
        var tailer = Tailer();
        var seen = await PollMessages(tailer);

        Append("INFO 3");
        _harness.Connections.DropAll();           // the link dies under an idle pooled session
        _harness.Connections.Outage = true;       // and stays down for a poll
        var duringOutage = await tailer.PollAsync(Timeout, CancellationToken.None);
        Append("INFO 4");
        _harness.Connections.Outage = false;
        seen.AddRange(await PollMessages(tailer));
        seen.AddRange(await PollMessages(tailer));

        Assert.Equal(CommandStatus.Unreachable, duringOutage.Status);
        Assert.Empty(duringOutage.Records);
        Assert.Equal(["1", "2", "3", "4"], seen);
        Assert.Equal(3, _harness.Connections.Attempts);
    }

    [Fact]
    public async Task LogMonitor_ErrorBurstAcrossRotation_FiresOnce()
    {
        var t0 = new DateTimeOffset(2026, 11, 25, 22, 0, 0, TimeSpan.Zero);
        string Error(int second) => $"{t0.AddSeconds(second):yyyy-MM-ddTHH:mm:ssZ} ERROR sensor bus timeout {second}";
        var sink = new RecordingAlertSink();
        var rules = new LogRuleEngine([new LogRule(new LogRuleOptions { Name = "error-burst", MinLevel = LogSeverity.Error, MoreThan = 5, Window = TimeSpan.FromMinutes(1) })]);
        var monitor = new LogMonitor(new SqliteLogStore(Path.Combine(_harness.TempPath, "tail-logs.db"), TimeSpan.FromDays(7), TimeProvider.System), rules, sink);
        Append(Error(0), Error(1), "2026-11-25T22:00:02Z INFO fine");
        var tailer = Tailer();

        await monitor.IngestAsync((await tailer.PollAsync(Timeout, CancellationToken.None)).Records, CancellationToken.None);
        Append(Error(3), Error(4));
        File.Move(_path, _path + ".1");
        Append(Error(5), Error(6), Error(7));
        var fired = await monitor.IngestAsync((await tailer.PollAsync(Timeout, CancellationToken.None)).Records, CancellationToken.None);

        var match = Assert.Single(fired);
        Assert.Same(match, Assert.Single(sink.Matches));
        Assert.Equal(6, match.Count);
        Assert.Equal("sensor bus timeout 6", match.Sample.Message);
        var stored = await monitor.Store.SearchAsync(new LogQuery(MinLevel: LogSeverity.Error, Source: "edge-1", Text: "bus timeout"), CancellationToken.None);
        Assert.Equal(7, stored.Count);
    }

    [Fact]
    public void Constructor_PathOutsideTailRoots_Refused()
    {
        Assert.Throws<MaintenanceConfigurationException>(() =>
            new RemoteFileTailer(_harness.Inventory.Find("edge-1")!, "/etc/shadow", LogLineFormat.Application, true, _harness.Catalog, _harness.Pool, TimeProvider.System));
    }
}
