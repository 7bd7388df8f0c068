using System.Security.Cryptography.X509Certificates;
using IotStack.Firmware.Claim;
using IotStack.Firmware.Host.Faults;
using IotStack.Firmware.Host.Hal;
using IotStack.Firmware.Host.Simulation;
using MQTTnet;

namespace IotStack.Firmware.Host.Claim;

/// <summary>
/// One virtual board claiming its own credential (docs/security.md, "Claiming") with the firmware's own
/// <see cref="ClaimClient"/> (the code the ESP32 runs) over the board's MQTTnet transport: MQTT 3.1.1, clean session,
/// <c>claim@{id}</c> under a random client id <c>claim-…</c>, the session's reply topic, a <c>ClaimRequest</c>, a bounded
/// wait for the <c>ClaimReply</c>. The claim blocks a thread, as on the board, so it runs on the thread pool.
/// </summary>
internal static class BoardClaimant
{
    public static Task<ClaimOutcome> ClaimAsync(string host, int port, X509Certificate2? ca, ClaimTokenText token, string fleet, string device,
        TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.Run(() => Claim(host, port, ca, token, fleet, device, timeout), cancellationToken);

    private static ClaimOutcome Claim(string host, int port, X509Certificate2? ca, ClaimTokenText token, string fleet, string device, TimeSpan timeout)
    {
        ClaimToken? parsed = token.ToClaimToken();
        if (parsed is null)
        {
            return new ClaimOutcome(null, null, "the claim token is malformed");
        }

        var options = new TransportOptions { BrokerCa = ca, ConnectTimeout = timeout, PublishTimeout = timeout, SubscribeTimeout = timeout };
        using var transport = new MqttNetTransport(new MqttClientFactory(), host, port, options, DeviceFaults.None(new RunClock(TimeProvider.System)), new TransportCounters());
        var client = new ClaimClient(transport, HostRandom.Instance, new HostClock(TimeProvider.System));
        ClaimResult result = client.Claim(fleet, device, parsed, (int)timeout.TotalMilliseconds);
        return result.Stage != ClaimStage.Answered
            ? new ClaimOutcome(null, null, result.Reason)
            : new ClaimOutcome(result.Status, result.Issued ? new BrokerCredential(result.User, result.Secret) : null);
    }
}
