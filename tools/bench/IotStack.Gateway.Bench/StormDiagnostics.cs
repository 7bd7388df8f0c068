using System.Globalization;
using System.Text;

namespace IotStack.Bench;

/// <summary>
/// What a reconnect storm looked like, so a slow storm says why: the latency distribution, retries and their first cause,
/// the thread pool while it ran (queue length, threads) and the loopback sockets left in TIME_WAIT before it started.
/// </summary>
internal static class StormDiagnostics
{
    public static string Describe(StormOutcome[] outcomes, int timeWaitBefore, ThreadPoolSampler pool, Dictionary<string, long> kernelBefore)
    {
        double[] seconds = outcomes.Select(o => o.Seconds).Order().ToArray();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"p50 {At(seconds, 0.5):F2} s, p90 {At(seconds, 0.9):F2} s, p99 {At(seconds, 0.99):F2} s, max {seconds[^1]:F2} s; ");
        text.Append(CultureInfo.InvariantCulture, $"retried {outcomes.Count(o => o.Attempts > 1)} boards ({outcomes.Sum(o => o.Attempts - 1)} retries)");
        foreach (var kind in outcomes.Where(o => o.FirstFailure is not null).GroupBy(o => o.FirstFailure).OrderByDescending(g => g.Count()))
        {
            text.Append(CultureInfo.InvariantCulture, $", {kind.Count()}× {kind.Key}");
        }

        text.Append(CultureInfo.InvariantCulture,
            $"; thread pool max queue {pool.MaxQueue}, threads {pool.MinThreads}→{pool.MaxThreads}; TIME_WAIT before {timeWaitBefore}");
        Dictionary<string, long> kernelAfter = ListenCounters();
        foreach ((string name, long before) in kernelBefore)
        {
            text.Append(CultureInfo.InvariantCulture, $", {name} +{kernelAfter.GetValueOrDefault(name) - before}");
        }

        return text.ToString();
    }

    /// <summary>
    /// The kernel's listen-queue counters (/proc/net/netstat, TcpExt; what <c>nstat</c> shows): ListenOverflows counts
    /// handshakes dropped because a listener's accept queue was full, SyncookiesSent SYNs answered with a cookie because
    /// its SYN queue was. Machine-wide (the network namespace), so other traffic adds to them; empty where /proc has none.
    /// </summary>
    public static Dictionary<string, long> ListenCounters()
    {
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        const string file = "/proc/net/netstat";
        if (!File.Exists(file))
        {
            return counters;
        }

        string[] lines = File.ReadAllLines(file);
        for (int i = 0; i + 1 < lines.Length; i += 2)
        {
            string[] names = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string[] values = lines[i + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (names[0] != "TcpExt:")
            {
                continue;
            }

            for (int k = 1; k < names.Length && k < values.Length; k++)
            {
                if (names[k] is "ListenOverflows" or "SyncookiesSent")
                {
                    counters[names[k]] = long.Parse(values[k], CultureInfo.InvariantCulture);
                }
            }
        }

        return counters;
    }

    /// <summary>The exception's type and, one level down, its cause's, e.g. <c>MqttCommunicationTimedOutException</c>.</summary>
    public static string Kind(Exception ex) =>
        ex.InnerException is { } inner ? ex.GetType().Name + "/" + inner.GetType().Name : ex.GetType().Name;

    /// <summary>IPv4 and IPv6 TCP sockets in TIME_WAIT (state 06 in /proc/net/tcp*); -1 where /proc has no such file.</summary>
    public static int TimeWaitSockets()
    {
        int count = 0;
        foreach (string file in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(file))
            {
                return -1;
            }

            foreach (string line in File.ReadLines(file).Skip(1))
            {
                string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 3 && fields[3] == "06")
                {
                    count++;
                }
            }
        }

        return count;
    }

    private static double At(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    /// <summary>Samples the thread pool every 50 ms until disposed.</summary>
    internal sealed class ThreadPoolSampler : IDisposable
    {
        private readonly Timer _timer;

        public ThreadPoolSampler()
        {
            MinThreads = ThreadPool.ThreadCount;
            _timer = new Timer(_ => Sample(), null, 0, 50);
        }

        public long MaxQueue { get; private set; }

        public int MinThreads { get; }

        public int MaxThreads { get; private set; }

        private void Sample()
        {
            MaxQueue = Math.Max(MaxQueue, ThreadPool.PendingWorkItemCount);
            MaxThreads = Math.Max(MaxThreads, ThreadPool.ThreadCount);
        }

        public void Dispose() => _timer.Dispose();
    }
}
