using IotStack.Maintenance.Logs;
using IotStack.Maintenance.Tailing;
using IotStack.Maintenance.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace IotStack.Maintenance.Tests.Tailing;

[Collection(LiveSshCollection.Name)]
public sealed class LogTailingServiceTests : IDisposable
{
    private readonly MaintenanceHarness _harness;
    private readonly string _path = Path.Combine(MaintenanceHarness.Ssh.WorkDir, $"svc-{Guid.NewGuid():N}.log");

    public LogTailingServiceTests()
    {
        _harness = new MaintenanceHarness([MaintenanceHarness.LiveHost("edge-1")], configure: o =>
            o.Tails = [new TailOptions { Host = "edge-1", Path = _path, PollInterval = TimeSpan.FromMilliseconds(200) }]);
    }

    public void Dispose()
    {
        foreach (var file in Directory.GetFiles(MaintenanceHarness.Ssh.WorkDir, Path.GetFileName(_path) + "*"))
        {
            File.Delete(file);
        }

        _harness.Dispose();
    }

    private LogTailingService NewService(LogMonitor monitor) =>
        new(_harness.Options, _harness.Inventory, _harness.Catalog, _harness.Pool, monitor, TimeProvider.System, NullLogger<LogTailingService>.Instance);

    private static async Task<IReadOnlyList<LogRecord>> WaitForRecords(ILogStore store, int count)
    {
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var found = await store.SearchAsync(new LogQuery(Source: "edge-1"), CancellationToken.None);
            if (found.Count >= count || giveUp.IsCancellationRequested)
            {
                return found;
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    [Fact]
    public async Task ExecuteAsync_RestartedService_ResumesFromStoredCheckpointWithoutDuplicates()
    {
        File.WriteAllText(_path, "INFO history before the first start\n");
        var store = new SqliteLogStore(_harness.Options.LogDatabase, TimeSpan.FromDays(7), TimeProvider.System);
        var monitor = new LogMonitor(store, new LogRuleEngine([]), new RecordingAlertSink());

        var first = NewService(monitor);
        await first.StartAsync(CancellationToken.None);
        await WaitForCheckpoint(store);
        File.AppendAllText(_path, "INFO one\nINFO two\n");
        await WaitForRecords(store, 2);
        await first.StopAsync(CancellationToken.None);

        File.AppendAllText(_path, "INFO three (written while the gateway was down)\n");
        var second = NewService(monitor);
        await second.StartAsync(CancellationToken.None);
        File.AppendAllText(_path, "INFO four\n");
        var records = await WaitForRecords(store, 4);
        await second.StopAsync(CancellationToken.None);

        Assert.Equal(["one", "two", "three (written while the gateway was down)", "four"], records.Reverse().Select(r => r.Message));
    }

    private async Task WaitForCheckpoint(ILogStore store)
    {
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await store.LoadCheckpointAsync($"edge-1:{_path}", CancellationToken.None) is null && !giveUp.IsCancellationRequested)
        {
            await Task.Delay(100, CancellationToken.None);
        }
    }
}
