using IotStack.Maintenance.Audit;
using IotStack.Maintenance.Commands;

namespace IotStack.Maintenance.Tests.Audit;

/// <summary>What every <see cref="IAuditLog"/> must do; one derived class per implementation.</summary>
public abstract class AuditLogContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A log on the same data as every other one the test opened (a restarted gateway, or another gateway).</summary>
    private protected abstract IAuditLog Open();

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    private static AuditEntry Entry(int minute, string host, string by, CommandStatus status, bool automatic = false) =>
        new(T0.AddMinutes(minute), by, host, "restart-service", "unit=a.service", "sudo -n systemctl restart 'a.service'", status,
            status == CommandStatus.Succeeded ? 0 : null, TimeSpan.FromMilliseconds(120), "out", "", automatic);

    [Fact]
    public async Task QueryAsync_AfterReopen_FiltersByHostTimeAndAutomatic()
    {
        var log = Open();
        await log.AppendAsync(Entry(0, "edge-1", "alice", CommandStatus.Succeeded), CancellationToken.None);
        await log.AppendAsync(Entry(1, "edge-2", "alice", CommandStatus.Refused), CancellationToken.None);
        await log.AppendAsync(Entry(2, "edge-1", "auto:remediation/r", CommandStatus.Succeeded, automatic: true), CancellationToken.None);

        var reopened = Open();
        var edge1 = await reopened.QueryAsync(new AuditQuery(Host: "EDGE-1"), CancellationToken.None);
        var recent = await reopened.QueryAsync(new AuditQuery(From: T0.AddMinutes(1)), CancellationToken.None);
        var automatic = await reopened.QueryAsync(new AuditQuery(Automatic: true), CancellationToken.None);

        Assert.Equal([T0.AddMinutes(2), T0], edge1.Select(e => e.At));
        Assert.Equal(2, recent.Count);
        var auto = Assert.Single(automatic);
        Assert.Equal("auto:remediation/r", auto.RequestedBy);
        Assert.Equal(0, auto.ExitCode);
        Assert.Equal(TimeSpan.FromMilliseconds(120), auto.Duration);
        Assert.Null(Assert.Single(await reopened.QueryAsync(new AuditQuery(Status: CommandStatus.Refused), CancellationToken.None)).ExitCode);
    }
}
