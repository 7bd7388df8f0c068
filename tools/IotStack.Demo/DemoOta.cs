using System.Globalization;
using IotStack.Firmware.Host.Hal;
using IotStack.Gateway.Api;
using IotStack.Gateway.Ota;
using IotStack.Ota.Releases;
using IotStack.Ota.Rollouts;
using IotStack.Ota.Signing;
using IotStack.Ota.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace IotStack.Demo;

/// <summary>
/// OTA in the demo: a throwaway signing key under the data folder (kept between runs so board flash stays valid),
/// a release published to the gateway's local image store, and a campaign (one canary, then the rest) to every
/// virtual board. Each run publishes a higher version, so boards updated by an earlier run update again.
/// </summary>
internal sealed class DemoOta
{
    private DemoOta(string folder, byte[] publicKey)
    {
        Folder = folder;
        PublicKey = publicKey;
    }

    public string Folder { get; }

    public byte[] PublicKey { get; }

    public string Version { get; } = "1.1." + (TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() / 60).ToString(CultureInfo.InvariantCulture);

    public string CampaignId => "demo-" + Version;

    /// <summary>How long each wave is watched before the next (and before the campaign completes).</summary>
    public static TimeSpan Soak { get; } = TimeSpan.FromSeconds(6);

    /// <summary>What the live view shows while nothing is running yet.</summary>
    public string Stage { get; private set; } = "waiting for boards";

    private string PrivateKeyFile => Path.Combine(Folder, "demo-signing.key");

    public static DemoOta Prepare(string dataDirectory)
    {
        string folder = Path.Combine(dataDirectory, "ota");
        Directory.CreateDirectory(folder);
        string privateKey = Path.Combine(folder, "demo-signing.key");
        string publicKey = Path.Combine(folder, "demo-signing.pub");
        byte[] key = File.Exists(privateKey) && File.Exists(publicKey) ? KeyFiles.LoadPublic(publicKey) : KeyFiles.Generate(privateKey, publicKey);
        return new DemoOta(folder, key);
    }

    public void AddSettings(IDictionary<string, string?> settings)
    {
        settings["Ota:PublicKey"] = Convert.ToHexStringLower(PublicKey);
        settings["Ota:TickInterval"] = "00:00:00.250";
    }

    /// <summary>Publishes the release once <paramref name="boards"/> boards are registered, then starts the campaign.</summary>
    public async Task RunAsync(IServiceProvider services, int boards, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            var host = services.GetRequiredService<OtaHost>();
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            await PublishAsync(services, cancellationToken).ConfigureAwait(false);
            await host.Engine!.CreateAsync(new Campaign
            {
                Id = CampaignId, Board = VirtualBoard.Type, Version = Version, Group = "demo", StartAt = TimeProvider.System.GetUtcNow(),
                Policy = new RolloutPolicy
                {
                    // One canary, watched long enough to be seen on its own, then the rest in one batch.
                    CanaryCount = 1, BatchSize = Math.Max(1, boards - 1), SoakPeriod = Soak,
                    AttemptTimeout = TimeSpan.FromSeconds(30), RetryDelay = TimeSpan.FromSeconds(2),
                    // The demo's faults are scheduled on a third of the boards whatever they run. Over a soak of seconds
                    // one scheduled spike reads as hundreds of alerts per device-hour and would roll a sound release
                    // back, so the demo's gate judges reboots and heartbeats only; real campaigns keep the full gate.
                    Health = new HealthGateOptions { MinRateDelta = 1e9 }, // per device-hour: never reached; finite, as the policy is stored as JSON
                },
            }, cancellationToken).ConfigureAwait(false);
            Stage = $"campaign {CampaignId}";
        }
        catch (OperationCanceledException)
        {
        }
        catch (ArgumentException ex)
        {
            Stage = "campaign refused: " + ex.Message;
        }
    }

    /// <summary>Once the gateway's OTA host runs, signs <see cref="Version"/> with the throwaway key and publishes it to the gateway's image store.</summary>
    public async Task PublishAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var host = services.GetRequiredService<OtaHost>();
        while (host.Engine is null)
        {
            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }

        Stage = $"publishing {Version}";
        using var signer = ReleaseSigner.FromFile(PrivateKeyFile);
        var image = ReleaseImage.FromFiles([("IotStack.App.pe", Image(24_000, 1)), ("IotStack.Drivers.pe", Image(9_000, 2))]);
        await new ReleasePublisher(services.GetRequiredService<IImageStore>(), TimeProvider.System, NullLogger<ReleasePublisher>.Instance)
            .PublishAsync(image, Version, VirtualBoard.Type, null, signer, cancellationToken).ConfigureAwait(false);
    }

    public CampaignStatus? Status(IServiceProvider services) => services.GetRequiredService<OtaHost>().Engine?.Status(CampaignId);

    private static byte[] Image(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
