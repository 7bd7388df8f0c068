using IotStack.Ota.Releases;
using IotStack.Ota.Rollouts;
using IotStack.Protocol;

namespace IotStack.Ota.Delivery;

/// <summary>
/// The rollout engine's way to boards: retained offers on the host's connection (<see cref="IDevicePublisher"/>).
/// The release joins the catalog first, so the chunk server finds its transfer when the board asks.
/// </summary>
internal sealed class OfferChannel(IDevicePublisher publisher, ReleaseCatalog catalog) : IOfferChannel
{
    public Task<bool> OfferAsync(string fleet, string device, Release release, CancellationToken cancellationToken)
    {
        catalog.Add(release);
        return publisher.PublishAsync(new DeviceTopics(fleet, device).OtaOffer, OfferFrame.For(release), retain: true, cancellationToken);
    }

    /// <summary>Removes a board's retained offer (empty retained publish, MQTT 3.1.1 §3.3.1.3).</summary>
    public Task<bool> ClearOfferAsync(string fleet, string device, CancellationToken cancellationToken) =>
        publisher.PublishAsync(new DeviceTopics(fleet, device).OtaOffer, ReadOnlyMemory<byte>.Empty, retain: true, cancellationToken);
}
