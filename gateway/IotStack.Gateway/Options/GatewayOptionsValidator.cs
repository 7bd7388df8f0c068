using System.Globalization;
using IotStack.Gateway.Storage;
using Microsoft.Extensions.Options;

namespace IotStack.Gateway.Options;

/// <summary>Every configuration mistake found at start, reported together, so the gateway never fails later on a bad value.</summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var errors = new List<string>();
        ValidateBroker(options.Broker, errors);
        ValidateStorage(options.Storage, errors);
        ValidateIngest(options.Ingest, errors);
        ValidateAlerts(options.Alerts, errors);
        ValidateCluster(options.Cluster, errors);
        ValidateOwnership(options, errors);
        if (options.Detection.CheckpointInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add($"Detection:CheckpointInterval ({options.Detection.CheckpointInterval}) must be at least 1 s.");
        }
        if (!Uri.TryCreate(options.Http.Urls.Split(';')[0], UriKind.Absolute, out _))
        {
            errors.Add($"Http:Urls '{options.Http.Urls}' is not an absolute URL (e.g. http://127.0.0.1:5080).");
        }

        foreach (var (key, channel) in options.Channels)
        {
            if (!byte.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out byte number) || number == 0)
            {
                errors.Add($"Channels:{key}: the key must be a channel number 1-255 (1 temperature, 2 humidity, 3 pressure …).");
            }

            if (channel.Min is { } min && channel.Max is { } max && !(min < max))
            {
                errors.Add($"Channels:{key}: Min ({min}) must be below Max ({max}).");
            }

            if (channel.MaxRatePerSecond is <= 0 || channel.SigmaK is <= 0 || channel.Window < 2 || channel.StuckSamples < 0)
            {
                errors.Add($"Channels:{key}: MaxRatePerSecond and SigmaK must be positive, Window at least 2, StuckSamples not negative.");
            }
        }

        foreach (CombinedRuleOptions rule in options.Rules)
        {
            if (string.IsNullOrWhiteSpace(rule.Name) || rule.Conditions.Count == 0)
            {
                errors.Add($"Rules: every rule needs a Name and at least one condition (rule '{rule.Name}').");
            }

            if (rule.Conditions.Any(c => c.Channel is < 1 or > 255 || (c.Above is null && c.Below is null)))
            {
                errors.Add($"Rules:{rule.Name}: each condition needs a Channel 1-255 and Above and/or Below.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateBroker(BrokerOptions broker, List<string> errors)
    {
        if (broker.Port is < 0 or > 65535)
        {
            errors.Add($"Broker:Port {broker.Port} is not a TCP port (0-65535; 0 = pick a free one for the embedded broker).");
        }

        if (broker.Port == 0 && broker.Mode == BrokerMode.External)
        {
            errors.Add("Broker:Port 0 only works with the embedded broker; give the external broker's port.");
        }

        if (string.IsNullOrWhiteSpace(broker.ClientId) || string.IsNullOrWhiteSpace(broker.Host))
        {
            errors.Add("Broker:ClientId and Broker:Host must not be empty.");
        }

        if (broker.SharedGroup.Length > 0 && !Protocol.DeviceTopics.IsValidId(broker.SharedGroup))
        {
            errors.Add($"Broker:SharedGroup '{broker.SharedGroup}' must be 1-64 of [A-Za-z0-9_.-].");
        }

        if (broker.SharedGroup.Length > 0 && broker.Mode == BrokerMode.Embedded)
        {
            errors.Add("Broker:SharedGroup needs Broker:Mode External: the embedded broker serves one gateway, shared subscriptions split a fleet between several.");
        }

        if (broker.SessionExpirySeconds < 1 || broker.ReceiveMaximum is < 1 or > 65535)
        {
            errors.Add("Broker:SessionExpirySeconds must be positive (a persistent session) and Broker:ReceiveMaximum 1-65535.");
        }

        if (broker.ConnectionBacklog < 1)
        {
            errors.Add("Broker:ConnectionBacklog must be positive (the embedded broker's listen backlog; Linux caps it at net.core.somaxconn).");
        }

        ValidateBrokerSecurity(broker, errors);
    }

    private static void ValidateBrokerSecurity(BrokerOptions broker, List<string> errors)
    {
        BrokerTlsOptions tls = broker.Tls;
        var addresses = new List<System.Net.IPAddress>();
        foreach (string text in broker.ListenAddresses)
        {
            if (System.Net.IPAddress.TryParse(text, out System.Net.IPAddress? address))
            {
                addresses.Add(address);
            }
            else
            {
                errors.Add($"Broker:ListenAddresses: '{text}' is not an IP address (e.g. 127.0.0.1, ::1, 0.0.0.0).");
            }
        }

        if (addresses.Count == 0 || addresses.GroupBy(a => a.AddressFamily).Any(g => g.Count() > 1))
        {
            errors.Add("Broker:ListenAddresses needs one or two addresses: at most one IPv4 and one IPv6.");
        }

        if (tls.Port is < 0 or > 65535)
        {
            errors.Add($"Broker:Tls:Port {tls.Port} is not a TCP port (0-65535; 0 = pick a free one).");
        }

        if (string.IsNullOrEmpty(tls.CertificateFile) != string.IsNullOrEmpty(tls.KeyFile))
        {
            errors.Add("Broker:Tls:CertificateFile and Broker:Tls:KeyFile go together (PEM certificate and its private key).");
        }

        if (broker.Mode == BrokerMode.External && tls.CaFile.Length == 0 && !broker.AllowPlainTcp && !BrokerAddresses.IsLoopback(broker.Host))
        {
            errors.Add($"Broker:Host '{broker.Host}' is not this machine: set Broker:Tls:CaFile (the CA of the broker's TLS certificate) or, to send MQTT unencrypted over the network, Broker:AllowPlainTcp=true.");
        }
    }

    private static void ValidateCluster(ClusterOptions cluster, List<string> errors)
    {
        if (cluster.PollInterval <= TimeSpan.Zero || cluster.CheckInterval <= TimeSpan.Zero || cluster.CheckTimeout < TimeSpan.FromSeconds(1))
        {
            errors.Add("Cluster: PollInterval and CheckInterval must be positive, CheckTimeout at least 1 s.");
        }

        if (cluster.KeepAliveIdleSeconds < 1 || cluster.KeepAliveIntervalSeconds < 1 || cluster.KeepAliveCount < 1)
        {
            errors.Add("Cluster: KeepAliveIdleSeconds, KeepAliveIntervalSeconds and KeepAliveCount must be at least 1.");
        }
        else if (TimeSpan.FromSeconds(cluster.KeepAliveIdleSeconds + (cluster.KeepAliveIntervalSeconds * cluster.KeepAliveCount)) <= cluster.CheckInterval + cluster.CheckTimeout)
        {
            // The server must keep a cut-off leader's lock until that leader has stepped down, or two would lead at once.
            errors.Add("Cluster: the keepalive time (idle + interval × count) must exceed CheckInterval + CheckTimeout.");
        }
    }

    private static void ValidateOwnership(GatewayOptions options, List<string> errors)
    {
        int partitions = options.Cluster.Partitions;
        if (partitions is < 0 or > 1024)
        {
            errors.Add($"Cluster:Partitions ({partitions}) must be 0 (no device ownership) to 1024.");
            return;
        }

        if (partitions == 0)
        {
            return;
        }

        // Owners are decided by PostgreSQL's locks and fed by broker sessions several gateways can take over.
        if (options.Storage.Provider != StorageProvider.Postgres || options.Broker.Mode != BrokerMode.External || options.Broker.SharedGroup.Length == 0)
        {
            errors.Add("Cluster:Partitions needs Storage:Provider Postgres, Broker:Mode External and a Broker:SharedGroup: device ownership is for several gateways sharing one database and one broker.");
        }

        if (options.Cluster.HandOverTimeout <= TimeSpan.Zero)
        {
            errors.Add("Cluster:HandOverTimeout must be positive.");
        }
    }

    private static void ValidateStorage(StorageOptions storage, List<string> errors)
    {
        if (storage.Provider == StorageProvider.Sqlite && string.IsNullOrWhiteSpace(storage.SqlitePath))
        {
            errors.Add("Storage:SqlitePath must be set for the SQLite provider.");
        }

        if (storage.Provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(storage.PostgresConnectionString))
        {
            errors.Add("Storage:PostgresConnectionString must be set for the Postgres provider.");
        }

        if (storage.RawRetention <= TimeSpan.Zero || storage.MinuteRollupRetention < storage.RawRetention || storage.PruneInterval <= TimeSpan.Zero)
        {
            errors.Add("Storage: RawRetention and PruneInterval must be positive, MinuteRollupRetention at least RawRetention.");
        }

        if (storage.CheckpointInterval <= TimeSpan.Zero)
        {
            errors.Add("Storage:CheckpointInterval must be positive.");
        }
    }

    private static void ValidateIngest(IngestOptions ingest, List<string> errors)
    {
        if (ingest.QueueCapacity < 1 || ingest.MaxBatch < 1 || ingest.MaxSeries < 1 || ingest.QuarantineBytes < 0)
        {
            errors.Add("Ingest: QueueCapacity, MaxBatch and MaxSeries must be positive, QuarantineBytes not negative.");
        }

        if (ingest.FlushInterval < TimeSpan.Zero)
        {
            errors.Add("Ingest:FlushInterval must not be negative.");
        }
    }

    private static void ValidateAlerts(AlertOptions alerts, List<string> errors)
    {
        if (alerts.Heartbeat <= TimeSpan.Zero || alerts.OfflineAfterHeartbeats < 1)
        {
            errors.Add("Alerts: Heartbeat must be positive and OfflineAfterHeartbeats at least 1.");
        }

        if (alerts.OfflineGrace < TimeSpan.Zero)
        {
            errors.Add($"Alerts:OfflineGrace must not be negative (was {alerts.OfflineGrace}).");
        }

        if (alerts.ClearAfter <= TimeSpan.Zero || alerts.ReminderInterval <= TimeSpan.Zero || alerts.EscalateAfter <= TimeSpan.Zero
            || alerts.FlapWindow <= TimeSpan.Zero || alerts.TickInterval <= TimeSpan.Zero)
        {
            errors.Add("Alerts: ClearAfter, ReminderInterval, EscalateAfter, FlapWindow and TickInterval must be positive.");
        }

        if (alerts.FlapThreshold < 2 || alerts.WebhookAttempts < 1)
        {
            errors.Add("Alerts: FlapThreshold must be at least 2 and WebhookAttempts at least 1.");
        }

        if (alerts.WebhookTimeout <= TimeSpan.Zero)
        {
            errors.Add("Alerts:WebhookTimeout must be positive.");
        }

        foreach (string hook in alerts.Webhooks)
        {
            if (!Uri.TryCreate(hook, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"Alerts:Webhooks: '{hook}' is not an http(s) URL.");
            }
        }
    }
}
