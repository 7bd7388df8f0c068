using System.Collections.Concurrent;
using IotStack.Ota.Delivery;
using IotStack.Protocol;

namespace IotStack.Ota.Tests.Support;

/// <summary>Collects every progress report the chunk server receives, and waits for a board's final answer.</summary>
internal sealed class ProgressLog : IOtaProgressSink
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(OtaState State, string Reason, string Version)>> _byDevice = new();

    public IOtaProgressSink? Next { get; set; }

    public void OnProgress(string fleet, string device, OtaProgress progress)
    {
        _byDevice.GetOrAdd(device, _ => new()).Enqueue((progress.State, progress.Reason ?? "", progress.Version ?? ""));
        Next?.OnProgress(fleet, device, progress);
    }

    public IReadOnlyList<(OtaState State, string Reason, string Version)> For(string device) =>
        _byDevice.TryGetValue(device, out var q) ? q.ToList() : [];

    public async Task<(OtaState State, string Reason, string Version)> WaitForFinalAsync(string device, TimeSpan timeout, params OtaState[] finals)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var first = For(device).FirstOrDefault(r => finals.Contains(r.State));
            if (first != default)
            {
                return first;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"{device} reported none of {string.Join(", ", finals)} within {timeout}; saw: {string.Join(", ", For(device).Select(r => r.State))}");
    }
}
