using IotStack.Firmware.Host.Simulation;

namespace IotStack.Firmware.Host.Faults;

/// <summary>
/// The faults one device suffers, asked at the moment they matter (a chip answering, the transport connecting).
/// Thread-safe for the pattern it sees: one device is ticked by one scheduler thread at a time, while the transport's
/// outage check may come from MQTTnet's threads (it only reads).
/// </summary>
internal sealed class DeviceFaults
{
    private readonly FaultSpec[] faults;
    private readonly RunClock clock;
    private readonly Random random;
    private readonly double[] stuckValues;
    private readonly bool[] stuckHeld;
    private readonly bool[] rebootFired;
    private readonly long[] errorLogsTaken;

    public DeviceFaults(IEnumerable<FaultSpec> faults, RunClock clock, int seed)
    {
        this.faults = faults.ToArray();
        this.clock = clock ?? throw new ArgumentNullException(nameof(clock));
        random = new Random(seed);
        stuckValues = new double[this.faults.Length];
        stuckHeld = new bool[this.faults.Length];
        rebootFired = new bool[this.faults.Length];
        errorLogsTaken = new long[this.faults.Length];
    }

    public static DeviceFaults None(RunClock clock) => new([], clock, 0);

    public IReadOnlyList<FaultSpec> Faults => faults;

    public TimeSpan Elapsed => clock.Elapsed;

    /// <summary>
    /// Bends the true value of <paramref name="channel"/> by the channel faults active now. False when a dropout
    /// means the chip has no sample for it.
    /// </summary>
    public bool TryApply(byte channel, string chip, double trueValue, out double value)
    {
        value = trueValue;
        if (faults.Length == 0)
        {
            return true;
        }

        TimeSpan now = clock.Elapsed;
        for (int i = 0; i < faults.Length; i++)
        {
            FaultSpec fault = faults[i];
            if (!fault.IsActiveAt(now))
            {
                if (fault.Kind == FaultKind.Stuck)
                {
                    stuckHeld[i] = false;
                }

                continue;
            }

            if (fault.Kind == FaultKind.Dropout && (fault.Target is null || fault.Target == chip || FaultPlan.ChannelOf(fault.Target) == channel))
            {
                return false;
            }

            if (!AppliesToChannel(fault, channel))
            {
                continue;
            }

            double magnitude = fault.Magnitude ?? FaultDefaults.Magnitude(fault.Kind, channel);
            switch (fault.Kind)
            {
                case FaultKind.Spike:
                    value += magnitude;
                    break;
                case FaultKind.Drift:
                    value += magnitude * (now - fault.Start).TotalSeconds;
                    break;
                case FaultKind.Noise:
                    value += magnitude * Gaussian();
                    break;
                case FaultKind.Stuck:
                    if (!stuckHeld[i])
                    {
                        stuckValues[i] = value;
                        stuckHeld[i] = true;
                    }

                    value = stuckValues[i];
                    break;
            }
        }

        return true;
    }

    public bool IsNacking(string chip) => IsActive(FaultKind.Nack, chip);

    public bool CorruptsCrc(string chip) => IsActive(FaultKind.BadCrc, chip);

    public bool InOutage => IsActive(FaultKind.Outage, null);

    /// <summary>True once per reboot fault whose time has come; the caller then restarts the board.</summary>
    public bool TakeReboot()
    {
        TimeSpan now = clock.Elapsed;
        for (int i = 0; i < faults.Length; i++)
        {
            if (faults[i].Kind == FaultKind.Reboot && !rebootFired[i] && now >= faults[i].Start)
            {
                rebootFired[i] = true;
                return true;
            }
        }

        return false;
    }

    /// <summary>How many Error records the errorlog faults call for since the last call (their rate times the time they were active).</summary>
    public int TakeErrorLogs()
    {
        TimeSpan now = clock.Elapsed;
        int due = 0;
        for (int i = 0; i < faults.Length; i++)
        {
            FaultSpec fault = faults[i];
            if (fault.Kind != FaultKind.ErrorLog || now < fault.Start)
            {
                continue;
            }

            TimeSpan active = (now < fault.End ? now : fault.End) - fault.Start;
            long total = (long)(active.TotalSeconds * (fault.Magnitude ?? FaultDefaults.ErrorLogsPerSecond));
            due += (int)Math.Min(total - errorLogsTaken[i], int.MaxValue / faults.Length);
            errorLogsTaken[i] = total;
        }

        return due;
    }

    private static bool AppliesToChannel(FaultSpec fault, byte channel) =>
        fault.Kind is FaultKind.Spike or FaultKind.Drift or FaultKind.Stuck or FaultKind.Noise
        && (fault.Target is null || FaultPlan.ChannelOf(fault.Target) == channel);

    private bool IsActive(FaultKind kind, string? chip)
    {
        if (faults.Length == 0)
        {
            return false;
        }

        TimeSpan now = clock.Elapsed;
        foreach (FaultSpec fault in faults)
        {
            if (fault.Kind == kind && fault.IsActiveAt(now) && (fault.Target is null || fault.Target == chip))
            {
                return true;
            }
        }

        return false;
    }

    private double Gaussian()
    {
        // Box–Muller: two uniforms to one standard normal.
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
