using System.Collections.Concurrent;
using IotStack.Firmware.Host.Fleet;
using IotStack.Firmware.Host.Hal;

namespace IotStack.Firmware.Host.Claim;

/// <summary>
/// <c>iotstack-board --claim-token</c>: before the fleet starts, every board without a claimed credential on its flash
/// claims one (a few at a time) and keeps it there; boards that have one never claim again, so restarts and an expired
/// token do not matter to them.
/// </summary>
internal static class FleetClaim
{
    private const int Parallel = 8;

    /// <summary>Each board's credential by device id, or null when any board could not get one (reasons on <paramref name="output"/>).</summary>
    public static async Task<IReadOnlyDictionary<string, BrokerCredential>?> RunAsync(FleetOptions options, ClaimTokenText token, TextWriter output, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var credentials = new ConcurrentDictionary<string, BrokerCredential>(StringComparer.Ordinal);
        var failures = new ConcurrentQueue<string>();
        int claimed = 0;
        await System.Threading.Tasks.Parallel.ForEachAsync(
            Enumerable.Range(0, options.Devices).Select(options.DeviceId),
            new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = cancellationToken },
            async (device, ct) =>
            {
                string path = ClaimedCredentialFile.PathFor(options.DataDirectory, device);
                if (ClaimedCredentialFile.Load(path) is { } stored)
                {
                    credentials[device] = stored;
                    return;
                }

                ClaimOutcome outcome = await BoardClaimant.ClaimAsync(options.BrokerHost, options.BrokerPort, options.Transport.BrokerCa, token, options.Fleet, device, timeout, ct)
                    .ConfigureAwait(false);
                if (!outcome.Issued)
                {
                    failures.Enqueue(device + ": " + outcome);
                    return;
                }

                ClaimedCredentialFile.Save(path, outcome.Credential!);
                credentials[device] = outcome.Credential!;
                Interlocked.Increment(ref claimed);
            }).ConfigureAwait(false);

        await output.WriteLineAsync($"claim token {token}: {claimed} boards claimed their credential, {credentials.Count - claimed} had one, {failures.Count} failed").ConfigureAwait(false);
        foreach (string failure in failures.Take(20))
        {
            await output.WriteLineAsync("  claim failed for " + failure).ConfigureAwait(false);
        }

        return failures.IsEmpty ? credentials : null;
    }
}
