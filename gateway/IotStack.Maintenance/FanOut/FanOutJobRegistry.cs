using System.Collections.Concurrent;
using IotStack.Maintenance.Commands;
using Microsoft.Extensions.Logging;

namespace IotStack.Maintenance.FanOut;

/// <summary>Creates fan-out jobs and remembers the most recent ones so an API can show their live rows by id.</summary>
internal sealed class FanOutJobRegistry(HostCommandRunner runner, MaintenanceOptions options, TimeProvider time, ILogger<FanOutJob> logger)
{
    private const int Remembered = 50;
    private readonly ConcurrentDictionary<Guid, FanOutJob> _jobs = new();
    private readonly ConcurrentQueue<Guid> _order = new();

    public FanOutJob Create(FanOutRequest request)
    {
        var job = new FanOutJob(request, runner, options, time, logger);
        _jobs[job.Id] = job;
        _order.Enqueue(job.Id);
        while (_order.Count > Remembered && _order.TryDequeue(out var old))
        {
            _jobs.TryRemove(old, out _);
        }

        return job;
    }

    public FanOutJob? Find(Guid id) => _jobs.GetValueOrDefault(id);
}
