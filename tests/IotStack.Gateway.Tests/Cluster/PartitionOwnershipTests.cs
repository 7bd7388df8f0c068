using IotStack.Gateway.Cluster;
using IotStack.Gateway.Tests.Support;
using IotStack.TestServices;

namespace IotStack.Gateway.Tests.Cluster;

/// <summary>Device ownership's partitions on a real PostgreSQL: each owned by exactly one member, spread, moved on death and on stop.</summary>
public sealed class PartitionOwnershipTests : IAsyncLifetime
{
    private const int Partitions = 8;

    private PostgresTestDatabase? _database;

    private PostgresTestDatabase Database => _database ?? throw new InvalidOperationException("not initialised");

    public async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync("owntest");

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task ThreeMembers_EveryPartitionOwnedByExactlyOne_AndSpread()
    {
        await using var a = new OwnershipMember(Database.ConnectionString, "gw-a", Partitions);
        await using var b = new OwnershipMember(Database.ConnectionString, "gw-b", Partitions);
        await using var c = new OwnershipMember(Database.ConnectionString, "gw-c", Partitions);
        OwnershipMember[] members = [a, b, c];
        await a.StartAsync();
        await Eventually.TrueAsync(() => Task.FromResult(a.Ownership.Owned.Count == Partitions), "alone, a owns every partition");
        await b.StartAsync();
        await c.StartAsync();

        await Eventually.TrueAsync(() => Task.FromResult(members.All(m => m.Ownership.Owned.Count == 3 || m.Ownership.Owned.Count == 2) && Covered(members)), "8 partitions spread 3/3/2");
        // Many poll rounds later, still exactly one owner each, and what each handler holds is what its member owns.
        for (int i = 0; i < 10; i++)
        {
            Assert.True(Covered(members), Describe(members));
            await Task.Delay(a.Options.PollInterval);
        }

        foreach (OwnershipMember member in members)
        {
            Assert.Equal(member.Ownership.Owned.Order(), member.Holding.Order());
        }

        // a handed its extra partitions over in order (released, never lost) as the others came.
        Assert.DoesNotContain(a.Events, e => e.StartsWith('!'));
        Assert.Equal(Partitions - a.Ownership.Owned.Count, a.Events.Count(e => e.StartsWith('-')));
    }

    [Fact]
    public async Task MemberSessionTerminated_ItsPartitionsMoveToTheOthers_AndItDropsThemUnsaved()
    {
        await using var a = new OwnershipMember(Database.ConnectionString, "gw-a", Partitions);
        await using var b = new OwnershipMember(Database.ConnectionString, "gw-b", Partitions);
        await using var c = new OwnershipMember(Database.ConnectionString, "gw-c", Partitions);
        OwnershipMember[] members = [a, b, c];
        foreach (OwnershipMember member in members)
        {
            await member.StartAsync();
        }

        await Eventually.TrueAsync(() => Task.FromResult(members.All(m => m.Ownership.Owned.Count >= 2) && Covered(members)), "spread over three");
        int[] victims = [.. c.Ownership.Owned];

        // What the server does when a gateway's process dies: its session ends and its locks go with it.
        Assert.Equal(1L, await Database.ScalarAsync($"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND application_name = '{c.SessionName}'"));

        // c learns at its next round trip and drops its partitions unsaved (another owner may be writing them already);
        // meanwhile a and b take them. Never two owners: the server's locks decide.
        await Eventually.TrueAsync(() => Task.FromResult(victims.All(p => c.Events.Contains("!" + p))), "c drops its partitions");
        Assert.All(victims, p => Assert.DoesNotContain("-" + p, c.Events));
        Assert.True(AtMostOneOwner(members), Describe(members));
        await Eventually.TrueAsync(() => Task.FromResult(Covered(members)), "the three own every partition once again");

        // Whoever holds a victim now took it with a higher fencing token than c had: c's late writes are refused.
        foreach (int p in victims)
        {
            long cs = c.Epochs.Where(e => e.Partition == p).Max(e => e.Epoch);
            long now = members.Where(m => m.Ownership.Owned.Contains(p)).SelectMany(m => m.Epochs).Where(e => e.Partition == p).Max(e => e.Epoch);
            Assert.True(now > cs, $"partition {p}: epoch {now} now, c had {cs}");
        }
    }

    [Fact]
    public async Task MemberStops_HandsEachPartitionOverBeforeTheOthersTakeIt()
    {
        await using var a = new OwnershipMember(Database.ConnectionString, "gw-a", Partitions);
        await using var b = new OwnershipMember(Database.ConnectionString, "gw-b", Partitions);
        await a.StartAsync();
        await b.StartAsync();
        await Eventually.TrueAsync(() => Task.FromResult(a.Ownership.Owned.Count == 4 && b.Ownership.Owned.Count == 4 && Covered([a, b])), "4 each");
        int[] bs = [.. b.Ownership.Owned];

        await b.StopAsync();

        Assert.All(bs, p => Assert.Contains("-" + p, b.Events));
        Assert.DoesNotContain(b.Events, e => e.StartsWith('!'));
        await Eventually.TrueAsync(() => Task.FromResult(a.Ownership.Owned.Count == Partitions), "a owns all 8");
    }

    [Fact]
    public void DevicePartition_IsStableAcrossProcesses_AndSpreadsIds()
    {
        // FNV-1a of "board-001" is 1675951145, 41 mod 64: every gateway of a cluster, whatever its process, must agree
        // (string.GetHashCode would differ per process).
        Assert.Equal(41, DevicePartition.Of("board-001", 64));
        Assert.Equal(1675951145 % 7, DevicePartition.Of("board-001", 7));
        int[] counts = new int[8];
        for (int i = 0; i < 800; i++)
        {
            counts[DevicePartition.Of($"board-{i:D4}", 8)]++;
        }

        Assert.All(counts, n => Assert.InRange(n, 60, 140));
    }

    private static bool Covered(OwnershipMember[] members)
    {
        var owners = new int[Partitions];
        foreach (OwnershipMember member in members)
        {
            foreach (int p in member.Ownership.Owned)
            {
                owners[p]++;
            }
        }

        return owners.All(n => n == 1);
    }

    private static bool AtMostOneOwner(OwnershipMember[] members) =>
        members.SelectMany(m => m.Ownership.Owned).GroupBy(p => p).All(g => g.Count() == 1);

    private static string Describe(OwnershipMember[] members) =>
        string.Join("; ", members.Select(m => $"{m.Options.Name}: [{string.Join(',', m.Ownership.Owned)}]"));
}
