using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using IotStack.Firmware.Host.Claim;
using IotStack.Firmware.Host.Faults;
using IotStack.Firmware.Host.Fleet;
using IotStack.Firmware.Host.Hal;

namespace IotStack.Firmware.Host.Cli;

/// <summary>The <c>iotstack-board</c> command line: runs a virtual fleet against a broker and prints a live summary.</summary>
internal static class BoardCommand
{
    public static RootCommand Create(TextWriter output, TimeProvider time)
    {
        var devices = new Option<int>("--devices") { Description = "Number of virtual boards.", DefaultValueFactory = _ => 10 };
        var rate = new Option<double>("--rate") { Description = "Samples per second per sensor (0 < HZ <= 10).", DefaultValueFactory = _ => 1.0 };
        var broker = new Option<string>("--broker") { Description = "MQTT broker as HOST:PORT.", DefaultValueFactory = _ => "127.0.0.1:1883" };
        var fleet = new Option<string>("--fleet") { Description = "Fleet id in topics (iot/{fleet}/{device}/...).", DefaultValueFactory = _ => "virtual" };
        var faults = new Option<string?>("--faults")
        {
            Description = "Faults to inject, e.g. \"spike:temperature@30s,stuck:humidity@60s+20s,nack:bme280@90s+5s,outage@120s+30s,reboot@150s\" "
                + "(grammar: kind[:target]@start[+duration][=magnitude]; see docs in Faults/FaultPlan.cs).",
        };
        var faultShare = new Option<double>("--fault-share") { Description = "Share of devices (0..1) that get the faults, drawn with --seed.", DefaultValueFactory = _ => 0.1 };
        var faultDevices = new Option<string?>("--fault-devices") { Description = "Comma-separated device indexes that get the faults (instead of --fault-share)." };
        var duration = new Option<double>("--duration") { Description = "Seconds to run; 0 runs until Ctrl-C.", DefaultValueFactory = _ => 0 };
        var dataDir = new Option<string>("--data-dir") { Description = "Folder for the boards' flash (one subfolder per device).", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "iotstack-board") };
        var seed = new Option<int>("--seed") { Description = "Seed for the simulated physics, calibration and fault choice.", DefaultValueFactory = _ => 1 };
        var batch = new Option<int>("--batch") { Description = "Samples per telemetry batch (1..64; 0 keeps the firmware default).", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "Scheduler threads (0: automatic).", DefaultValueFactory = _ => 0 };
        var board = new Option<BoardKind>("--board")
        {
            Description = "What the boards run: virtual (host adapters) or esp32 (the ESP32 project's sources on the emulated nanoFramework APIs).",
            DefaultValueFactory = _ => BoardKind.Virtual,
        };
        var i2cBus = new Option<int>("--i2c-bus") { Description = "ESP32 boards: the I2C controller in their configuration (1 or 2).", DefaultValueFactory = _ => 1 };
        var ca = new Option<string?>("--ca") { Description = "PEM file of the broker's CA: MQTT over TLS, the broker must present a certificate it signed (--broker is then the TLS port)." };
        var verify = new Option<bool>("--verify") { Description = "Subscribe to the fleet's telemetry and check that every batch arrives, in order; exit 3 if not." };
        var otaKey = new Option<string?>("--ota-public-key")
        {
            Description = "Public key file of the release signer (`iotstack ota keygen`, the .pub file): boards take signed OTA updates from the gateway. Without it they have no OTA agent.",
        };
        var firmware = new Option<string?>("--firmware-version") { Description = "Version the boards run before any update (default host-<build version>)." };
        var releaseFaults = new Option<string[]>("--release-fault")
        {
            Description = "A sick release, repeatable: VERSION=FAULTS, e.g. \"1.2.0=reboot@3s\" or \"1.2.0=errorlog@0s=2\": every board suffers these while it runs that version "
                + "(times from when it runs confirmed; reboot and errorlog apply; hang@0s: from every boot, the loader's fallback), so the rollout's health gate can be tried.",
            AllowMultipleArgumentsPerToken = false,
        };

        var user = new Option<string?>("--mqtt-user") { Description = "Broker user for every board (and --verify); the secret comes from IOTSTACK_MQTT_SECRET, never the command line." };
        var claimToken = new Option<string?>("--claim-token")
        {
            Description = "Enrolment token (`iotstack devices claim-token create`): each board without a credential on its flash claims its own once and keeps it "
                + "(also from IOTSTACK_CLAIM_TOKEN). With --board esp32 it goes into each board's iotstack.cfg and the ESP32 firmware claims at boot.",
        };
        var root = new RootCommand("Virtual IotStack boards: the real firmware core on simulated BME280/SHT31 chips, publishing over MQTT.")
        {
            devices, rate, broker, fleet, faults, faultShare, faultDevices, duration, dataDir, seed, batch, threads, board, i2cBus, ca, verify, otaKey, firmware, releaseFaults, user, claimToken,
            LoaderCommand.Create(output),
        };
        root.SetAction(async (parse, cancellationToken) =>
        {
            if (!TryParseBroker(parse.GetValue(broker)!, out string host, out int port))
            {
                await output.WriteLineAsync("error: --broker must be HOST:PORT").ConfigureAwait(false);
                return 2;
            }

            if (!FaultPlan.TryParse(parse.GetValue(faults), out FaultPlan plan, out string faultError))
            {
                await output.WriteLineAsync("error: --faults: " + faultError).ConfigureAwait(false);
                return 2;
            }

            if (plan.Faults.Any(f => f.Kind == FaultKind.Hang))
            {
                await output.WriteLineAsync("error: --faults: hang belongs to a release (--release-fault VERSION=hang@0s)").ConfigureAwait(false);
                return 2;
            }

            int[]? listed = null;
            if (parse.GetValue(faultDevices) is { Length: > 0 } list)
            {
                listed = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) ? i : -1)
                    .ToArray();
            }

            string? caFile = parse.GetValue(ca);
            if (caFile is not null && !File.Exists(caFile))
            {
                await output.WriteLineAsync("error: --ca: no file " + caFile).ConfigureAwait(false);
                return 2;
            }

            byte[]? publicKey = null;
            if (parse.GetValue(otaKey) is { Length: > 0 } keyText)
            {
                if (!OtaKeyText.TryLoad(keyText, out byte[] key, out string keyError))
                {
                    await output.WriteLineAsync("error: --ota-public-key: " + keyError).ConfigureAwait(false);
                    return 2;
                }

                publicKey = key;
            }

            var sick = new Dictionary<string, FaultPlan>(StringComparer.Ordinal);
            foreach (string text in parse.GetValue(releaseFaults) ?? [])
            {
                if (!OtaKeyText.TryParseReleaseFault(text, out string version, out string planText) || !FaultPlan.TryParse(planText, out FaultPlan releasePlan, out _))
                {
                    await output.WriteLineAsync($"error: --release-fault \"{text}\": expected VERSION=FAULTS, e.g. 1.2.0=reboot@3s").ConfigureAwait(false);
                    return 2;
                }

                sick[version] = releasePlan;
            }

            var defaults = new FleetOptions();
            var options = new FleetOptions
            {
                BrokerCaFile = caFile,
                Transport = new TransportOptions { BrokerCa = caFile is null ? null : X509CertificateLoader.LoadCertificateFromFile(caFile) },
                OtaPublicKey = publicKey,
                FirmwareVersion = parse.GetValue(firmware) is { Length: > 0 } v ? v : defaults.FirmwareVersion,
                ReleaseFaults = sick.Count > 0 ? sick : null,
                Devices = parse.GetValue(devices),
                RateHz = parse.GetValue(rate),
                BrokerHost = host,
                BrokerPort = port,
                Fleet = parse.GetValue(fleet)!,
                Faults = plan,
                FaultShare = parse.GetValue(faultShare),
                FaultDevices = listed,
                DataDirectory = parse.GetValue(dataDir)!,
                Seed = parse.GetValue(seed),
                BatchSamples = parse.GetValue(batch),
                SchedulerThreads = parse.GetValue(threads),
                Board = parse.GetValue(board),
                Esp32I2cBus = parse.GetValue(i2cBus),
                Credential = parse.GetValue(user) is { Length: > 0 } name ? new BrokerCredential(name, Environment.GetEnvironmentVariable("IOTSTACK_MQTT_SECRET") ?? "") : null,
            };
            string? tokenText = parse.GetValue(claimToken) ?? Environment.GetEnvironmentVariable("IOTSTACK_CLAIM_TOKEN");
            if (tokenText is { Length: > 0 })
            {
                if (!ClaimTokenText.TryParse(tokenText, out ClaimTokenText? token))
                {
                    await output.WriteLineAsync("error: --claim-token: expected ID.SECRET as `iotstack devices claim-token create` prints it").ConfigureAwait(false);
                    return 2;
                }

                if (options.Board == BoardKind.Esp32)
                {
                    // The ESP32 firmware claims by itself at boot (Claim/BoardEnrolment): the token goes into iotstack.cfg.
                    options = options with { ClaimToken = token };
                }
                else
                {
                    IReadOnlyDictionary<string, BrokerCredential>? claimed = await FleetClaim.RunAsync(options, token!, output, TimeSpan.FromSeconds(15), cancellationToken).ConfigureAwait(false);
                    if (claimed is null)
                    {
                        return 4;
                    }

                    options = options with { DeviceCredentials = id => claimed.GetValueOrDefault(id) };
                }
            }

            var run = new BoardRun(options, TimeSpan.FromSeconds(parse.GetValue(duration)), parse.GetValue(verify), output, time);
            return await run.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        });
        return root;
    }

    private static bool TryParseBroker(string text, out string host, out int port)
    {
        host = string.Empty;
        port = 0;
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            return false;
        }

        host = text[..colon];
        return true;
    }
}
