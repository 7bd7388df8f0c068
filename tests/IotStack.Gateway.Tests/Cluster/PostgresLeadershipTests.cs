using System.Diagnostics;
using IotStack.Gateway.Cluster;
using IotStack.Gateway.Tests.Support;
using IotStack.TestServices;
using Xunit.Abstractions;

namespace IotStack.Gateway.Tests.Cluster;

public sealed class PostgresLeadershipTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PostgresTestDatabase? _database;

    private PostgresTestDatabase Database => _database ?? throw new InvalidOperationException("not initialised");

    public async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync("leadtest");

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task StartAsync_TwoGateways_ExactlyOneLeadsAndTheOtherNamesIt()
    {
        await using var a = new ClusterMember(Database.ConnectionString, "gw-a");
        await using var b = new ClusterMember(Database.ConnectionString, "gw-b");
        await a.StartAsync();
        await b.StartAsync();

        await Eventually.TrueAsync(() => Task.FromResult(a.Leadership.IsLeader || b.Leadership.IsLeader), "one gateway leads");
        var (leader, follower) = a.Leadership.IsLeader ? (a, b) : (b, a);
        await Eventually.TrueAsync(() => Task.FromResult(follower.Leadership.Leader == leader.Name), "the follower names the leader");
        // Many poll rounds of the follower: it never leads while the leader holds the lock.
        for (int i = 0; i < 20; i++)
        {
            Assert.True(leader.Leadership.IsLeader);
            Assert.False(follower.Leadership.IsLeader);
            await Task.Delay(follower.Options.PollInterval / 2);
        }

        Assert.Equal(1L, leader.Leadership.Terms);
        Assert.Equal(0L, follower.Leadership.Terms);
    }

    [Fact]
    public async Task LeaderSessionTerminated_FollowerTakesOverAndOldTermEnds()
    {
        await using var a = new ClusterMember(Database.ConnectionString, "gw-a");
        await a.StartAsync();
        CancellationToken firstTerm = await a.Leadership.WaitForTermAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await using var b = new ClusterMember(Database.ConnectionString, "gw-b");
        await b.StartAsync();
        await Eventually.TrueAsync(() => Task.FromResult(b.Leadership.Leader == a.Name), "b follows a");

        // What the server does to a leader whose process died or whose machine vanished (after TCP keepalive).
        var watch = Stopwatch.StartNew();
        Assert.Equal(1L, await Database.ScalarAsync($"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND application_name = '{a.SessionName}'"));
        await Eventually.TrueAsync(() => Task.FromResult(b.Leadership.IsLeader), "b takes over");
        output.WriteLine($"takeover after the leader's session ended: {watch.ElapsedMilliseconds} ms (poll interval {b.Options.PollInterval.TotalMilliseconds} ms)");

        // a notices at its next check (CheckInterval), which may come after b's poll: the overlap docs/scale.md states.
        await Eventually.TrueAsync(() => Task.FromResult(firstTerm.IsCancellationRequested), "a's term ends");
        Assert.False(a.Leadership.IsLeader);
        await Eventually.TrueAsync(() => Task.FromResult(a.Leadership.Leader == b.Name), "a reconnects as b's follower");
        Assert.False(a.Leadership.IsLeader);
    }

    [Fact]
    public async Task RunWhileLeadingAsync_LeaderStops_WorkMovesToTheOther()
    {
        var a = new ClusterMember(Database.ConnectionString, "gw-a");
        await using var b = new ClusterMember(Database.ConnectionString, "gw-b");
        var running = new List<string>();
        using var stop = new CancellationTokenSource();
        Task Work(string name, ILeadership leadership) => leadership.RunWhileLeadingAsync(async term =>
        {
            lock (running)
            {
                running.Add(name);
            }

            try
            {
                await Task.Delay(Timeout.Infinite, term);
            }
            finally
            {
                lock (running)
                {
                    running.Remove(name);
                }
            }
        }, stop.Token);

        await a.StartAsync();
        Task onA = Work("a", a.Leadership);
        await Eventually.TrueAsync(() => Task.FromResult(a.Leadership.IsLeader), "a leads");
        await b.StartAsync();
        Task onB = Work("b", b.Leadership);
        await Eventually.TrueAsync(() => Task.FromResult(b.Leadership.Leader == a.Name), "b follows a");
        lock (running)
        {
            Assert.Equal(["a"], running);
        }

        await a.DisposeAsync(); // a graceful stop closes the session: the lock goes with it
        await Eventually.TrueAsync(() => Task.FromResult(b.Leadership.IsLeader), "b takes over");
        await Eventually.TrueAsync(() =>
        {
            lock (running)
            {
                return Task.FromResult(running.SequenceEqual(["b"]));
            }
        }, "the work runs on b only");

        await stop.CancelAsync();
        await Task.WhenAll(onA, onB);
        Assert.Empty(running);
    }
}
