using System.Collections.Concurrent;
using IotStack.Ota.Delivery;
using IotStack.Ota.Releases;
using IotStack.Ota.Rollouts;
using IotStack.Protocol;

namespace IotStack.Gateway.Tests.Cluster;

/// <summary>
/// Boards as one gateway's engine sees them: an offer is answered at once (confirmed) by the boards listed in
/// <see cref="Answering"/>, and ignored by the others, as if they were out of reach. Offers are counted across gateways.
/// </summary>
internal sealed class ScriptedBoards(ConcurrentDictionary<string, int> offers, Func<string, bool> answering) : IOfferChannel
{
    public IOtaProgressSink? Engine { get; set; }

    public Task<bool> OfferAsync(string fleet, string device, Release release, CancellationToken cancellationToken)
    {
        offers.AddOrUpdate(device, 1, (_, n) => n + 1);
        if (answering(device) && Engine is { } engine)
        {
            engine.OnProgress(fleet, device, new OtaProgress { TransferId = release.TransferId, State = OtaState.Downloading, Percent = 50, Version = release.Version, Reason = "" });
            engine.OnProgress(fleet, device, new OtaProgress { TransferId = release.TransferId, State = OtaState.Confirmed, Percent = 100, Version = release.Version, Reason = "" });
        }

        return Task.FromResult(true);
    }

    public Task<bool> ClearOfferAsync(string fleet, string device, CancellationToken cancellationToken) => Task.FromResult(true);
}
