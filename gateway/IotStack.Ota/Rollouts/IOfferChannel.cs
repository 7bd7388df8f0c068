using IotStack.Ota.Releases;

namespace IotStack.Ota.Rollouts;

/// <summary>How the engine reaches boards; the chunk server implements it over MQTT (retained offers).</summary>
internal interface IOfferChannel
{
    Task<bool> OfferAsync(string fleet, string device, Release release, CancellationToken cancellationToken);

    Task<bool> ClearOfferAsync(string fleet, string device, CancellationToken cancellationToken);
}
