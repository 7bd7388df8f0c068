namespace IotStack.Firmware.Host.Simulation;

/// <summary>Time since the fleet started, the time base of fault schedules and of the simulated physics.</summary>
internal sealed class RunClock
{
    private readonly long startTimestamp;

    public RunClock(TimeProvider time)
    {
        Time = time ?? throw new ArgumentNullException(nameof(time));
        startTimestamp = time.GetTimestamp();
    }

    public TimeProvider Time { get; }

    public TimeSpan Elapsed => Time.GetElapsedTime(startTimestamp);
}
