using IotStack.Gateway.Hosting;
using IotStack.Gateway.Resilience;
using IotStack.Gateway.Tests.Support;

namespace IotStack.Gateway.Tests.Hosting;

/// <summary>
/// The periodic stages (alerts, retention, WAL checkpoint) on a failing dependency: before, a failed start-up step
/// (the alert engine loading from a database that is down) ended the service and stopped the host, and a timeout
/// (an OperationCanceledException that is not the stop) escaped a tick.
/// </summary>
public sealed class PeriodicServiceTests
{
    [Fact]
    public async Task ExecuteAsync_StartingFailsTwice_RetriesKeepsRunningAndShowsTheDependencyUntilItWorks()
    {
        var health = new DependencyHealth(TimeProvider.System);
        using var service = new ScriptedService(health, startFailures: 2, tickFailures: 0);
        await service.StartAsync(CancellationToken.None);

        await Eventually.TrueAsync(() => Task.FromResult(service.Ticks > 0), "ticking after two failed starts");
        DependencyStatus status = Assert.Single(health.Snapshot());
        await service.StopAsync(CancellationToken.None);

        Assert.Equal((ScriptedService.Name, false, 2L), (status.Name, status.Degraded, status.Retries));
        Assert.False(service.ExecuteTask!.IsFaulted);
    }

    [Fact]
    public async Task Tick_StoreDownAndTimingOut_DegradedNamingTheStageThenOkOnTheNextSuccess()
    {
        var health = new DependencyHealth(TimeProvider.System);
        using var service = new ScriptedService(health, startFailures: 0, tickFailures: 6);
        await service.StartAsync(CancellationToken.None);

        await Eventually.TrueAsync(() => Task.FromResult(health.IsDegraded), "degraded while ticks fail");
        DependencyStatus during = Assert.Single(health.Snapshot());
        await Eventually.TrueAsync(() => Task.FromResult(service.Ticks > 6 && !health.IsDegraded), "ok again after a good tick");
        await service.StopAsync(CancellationToken.None);

        Assert.Equal((ScriptedService.Name, true), (during.Name, during.Degraded));
        Assert.True(during.LastError!.Contains("database is down", StringComparison.Ordinal) || during.LastError.Contains("Timeout", StringComparison.Ordinal), during.LastError);
        Assert.False(service.ExecuteTask!.IsFaulted);
    }

    private sealed class ScriptedService(DependencyHealth health, int startFailures, int tickFailures) : PeriodicService(TimeProvider.System, health, Name)
    {
        public const string Name = "store:test";
        private int _starts;
        private int _ticks;

        public int Ticks => Volatile.Read(ref _ticks);

        protected override TimeSpan Interval => TimeSpan.FromMilliseconds(20);

        protected override Task StartingAsync(CancellationToken cancellationToken) =>
            ++_starts <= startFailures ? throw new IOException("database is down") : Task.CompletedTask;

        protected override Task TickAsync(CancellationToken cancellationToken)
        {
            int tick = Interlocked.Increment(ref _ticks);
            return tick > tickFailures ? Task.CompletedTask
                : tick % 2 == 0 ? throw new TaskCanceledException("HttpClient.Timeout")   // a timeout, not our stop
                : throw new IOException("database is down");
        }

        protected override void OnTickFailed(Exception exception)
        {
        }
    }
}
