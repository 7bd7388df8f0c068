namespace IotStack.Firmware.Host.Simulation;

/// <summary>Time since the fleet started, the time base of fault schedules and of the simulated physics.</summary>
internal sealed class RunClock
{
    private long startTimestamp;

    public RunClock(TimeProvider time)
    {
        Time = time ?? throw new ArgumentNullException(nameof(time));
        startTimestamp = time.GetTimestamp();
    }

    public TimeProvider Time { get; }

    public TimeSpan Elapsed => Time.GetElapsedTime(Interlocked.Read(ref startTimestamp));

    /// <summary>Starts the run's time again from zero (the fleet calls it when ticking begins, after the boots).</summary>
    public void Restart() => Interlocked.Exchange(ref startTimestamp, Time.GetTimestamp());
}
