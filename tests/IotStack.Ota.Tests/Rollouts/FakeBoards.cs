using IotStack.Ota.Releases;
using IotStack.Ota.Rollouts;
using IotStack.Protocol;

namespace IotStack.Ota.Tests.Rollouts;

/// <summary>Boards that answer offers at once, as scripted: the engine's logic without MQTT or real time.</summary>
internal sealed class FakeBoards : IOfferChannel
{
    private readonly Dictionary<string, string> _versions = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public IotStack.Ota.Delivery.IOtaProgressSink? Engine { get; set; }

    /// <summary>What a board answers to an offer: final state and reason, or null to stay silent.</summary>
    public Func<string, Release, int, (OtaState State, string Reason)?> Behaviour { get; set; } = (_, _, _) => (OtaState.Confirmed, "");

    public Dictionary<string, int> Offers { get; } = new(StringComparer.Ordinal);

    public int Cleared { get; private set; }

    public string VersionOf(string device)
    {
        lock (_gate)
        {
            return _versions.GetValueOrDefault(device, "1.0.0");
        }
    }

    public Task<bool> OfferAsync(string fleet, string device, Release release, CancellationToken cancellationToken)
    {
        int attempt;
        lock (_gate)
        {
            attempt = Offers[device] = Offers.GetValueOrDefault(device) + 1;
        }

        var answer = Behaviour(device, release, attempt);
        if (answer is { } a)
        {
            if (a.State == OtaState.Confirmed)
            {
                lock (_gate)
                {
                    _versions[device] = release.Version;
                }
            }

            Engine!.OnProgress(fleet, device, new OtaProgress { TransferId = release.TransferId, State = OtaState.Downloading, Percent = 50, Version = release.Version, Reason = "" });
            Engine!.OnProgress(fleet, device, new OtaProgress { TransferId = release.TransferId, State = a.State, Percent = 100, Version = release.Version, Reason = a.Reason });
        }

        return Task.FromResult(true);
    }

    public Task<bool> ClearOfferAsync(string fleet, string device, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Cleared++;
        }

        return Task.FromResult(true);
    }
}
