using System.Diagnostics;

namespace IotStack.Firmware.Host.Fleet;

/// <summary>
/// Runs thousands of devices on a few threads: each thread owns a fixed slice of the devices and, in a loop, ticks
/// those whose time has come, then sleeps until the earliest next one (at most <see cref="MaxSleep"/>). Device calls
/// are bounded (the transport never waits long), so one device in trouble — say, a broker outage — delays its
/// slice by at most one bounded call, and devices on other threads not at all.
/// </summary>
internal sealed class DeviceScheduler : IDisposable
{
    private static readonly TimeSpan MaxSleep = TimeSpan.FromMilliseconds(50);
    private readonly ITickedDevice[] devices;
    private readonly Thread[] threads;
    private readonly TimeProvider time;
    private readonly TimeSpan lateAfter;
    private readonly ManualResetEventSlim stopping = new(false);
    private long ticks;
    private long lateTicks;
    private long faults;
    private int started;

    /// <param name="lateAfter">A tick this much behind its due time counts as late: the sign of a fleet too big for the machine.</param>
    public DeviceScheduler(IReadOnlyList<ITickedDevice> devices, int threadCount, TimeProvider time, TimeSpan lateAfter)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 1);
        this.devices = devices.ToArray();
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.lateAfter = lateAfter;
        int count = Math.Max(1, Math.Min(threadCount, this.devices.Length));
        threads = new Thread[count];
        for (int t = 0; t < count; t++)
        {
            int slice = t;
            threads[t] = new Thread(() => RunSlice(slice, count))
            {
                IsBackground = true,
                Name = "board-scheduler-" + t.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
        }
    }

    public int ThreadCount => threads.Length;

    public long Ticks => Interlocked.Read(ref ticks);

    public long LateTicks => Interlocked.Read(ref lateTicks);

    public long Faults => Interlocked.Read(ref faults);

    /// <summary>
    /// Threads for a fleet: a tick that publishes blocks its thread for one PUBACK round trip, so about 16 devices a
    /// thread lets those waits overlap; 64 threads at most stay cheap (they sleep between ticks).
    /// </summary>
    public static int DefaultThreads(int devices) => Math.Clamp((devices + 15) / 16, 1, 64);

    public void Start()
    {
        if (Interlocked.Exchange(ref started, 1) != 0)
        {
            throw new InvalidOperationException("The scheduler runs once.");
        }

        foreach (Thread thread in threads)
        {
            thread.Start();
        }
    }

    /// <summary>Asks every thread to finish its current tick and waits for them, up to <paramref name="timeout"/> in all.</summary>
    public bool Stop(TimeSpan timeout)
    {
        stopping.Set();
        if (Volatile.Read(ref started) == 0)
        {
            return true;
        }

        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        bool all = true;
        foreach (Thread thread in threads)
        {
            int left = (int)Math.Max(0, deadline - Environment.TickCount64);
            all &= thread.Join(left);
        }

        return all;
    }

    public void Dispose()
    {
        Stop(TimeSpan.FromSeconds(10));
        stopping.Dispose();
    }

    private void RunSlice(int slice, int stride)
    {
        int count = ((devices.Length - slice) + stride - 1) / stride;
        var due = new long[count];
        long start = time.GetTimestamp();
        double ticksPerMs = time.TimestampFrequency / 1000.0;
        for (int i = 0; i < count; i++)
        {
            // Spread first ticks over a second so a big fleet does not connect and sample in one burst.
            due[i] = start + (long)(((double)((i * stride) + slice) / devices.Length) * 1000.0 * ticksPerMs);
        }

        long late = (long)(lateAfter.TotalMilliseconds * ticksPerMs);
        while (!stopping.IsSet)
        {
            long now = time.GetTimestamp();
            long earliest = now + (long)(MaxSleep.TotalMilliseconds * ticksPerMs);
            for (int i = 0; i < count && !stopping.IsSet; i++)
            {
                if (due[i] > now)
                {
                    earliest = Math.Min(earliest, due[i]);
                    continue;
                }

                if (now - due[i] > late)
                {
                    Interlocked.Increment(ref lateTicks);
                }

                ITickedDevice device = devices[(i * stride) + slice];
                TimeSpan next;
                try
                {
                    next = device.Tick();
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref faults);
                    device.OnTickFault(e);
                    next = TimeSpan.FromSeconds(1);
                }

                Interlocked.Increment(ref ticks);
                now = time.GetTimestamp();
                due[i] = now + (long)(Math.Max(1.0, next.TotalMilliseconds) * ticksPerMs);
                earliest = Math.Min(earliest, due[i]);
            }

            long wait = earliest - time.GetTimestamp();
            if (wait > 0)
            {
                Debug.Assert(wait <= (long)(MaxSleep.TotalMilliseconds * ticksPerMs) + 1, "sleep bounded by MaxSleep");
                stopping.Wait(TimeSpan.FromMilliseconds(wait / ticksPerMs));
            }
        }
    }
}
