using System.Text.Json;
using Npgsql;

namespace IotStack.Ota.Rollouts;

/// <summary>
/// Campaigns and per-board progress in the gateways' shared PostgreSQL database, so the next leader resumes every campaign
/// where the last one left it (docs/scale.md). Same rows as <see cref="SqliteCampaignStore"/>; the campaign body is JSON.
/// </summary>
internal sealed class PostgresCampaignStore : ICampaignStore, IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly NpgsqlDataSource _db;
    private volatile bool _created;

    /// <summary>Connects at first use: a gateway starts while the database is down (OTA retries its start-up).</summary>
    public PostgresCampaignStore(string connectionString)
    {
        _db = NpgsqlDataSource.Create(connectionString);
    }

    private void EnsureSchema()
    {
        if (_created)
        {
            return;
        }

        using var create = _db.CreateCommand("""
            BEGIN;
            SELECT pg_advisory_xact_lock(hashtext('iotstack.schema.ota'));  -- gateways starting together: one creates, the others wait
            CREATE TABLE IF NOT EXISTS ota_campaign (id text PRIMARY KEY, body text NOT NULL);
            CREATE TABLE IF NOT EXISTS ota_campaign_device (
                campaign_id text NOT NULL, fleet text NOT NULL, device text NOT NULL, wave integer NOT NULL,
                state integer NOT NULL, percent integer NOT NULL, reason text, attempts integer NOT NULL, changed_ms bigint NOT NULL,
                PRIMARY KEY (campaign_id, fleet, device));
            COMMIT;
            """);
        create.ExecuteNonQuery();
        _created = true;
    }

    public void SaveCampaign(Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        EnsureSchema();
        using var cmd = _db.CreateCommand("INSERT INTO ota_campaign (id, body) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET body = excluded.body");
        cmd.Parameters.AddWithValue(campaign.Id);
        cmd.Parameters.AddWithValue(JsonSerializer.Serialize(campaign, Json));
        cmd.ExecuteNonQuery();
    }

    public void SaveDevice(string campaignId, DeviceProgress device)
    {
        ArgumentNullException.ThrowIfNull(device);
        EnsureSchema();
        using var cmd = _db.CreateCommand("""
            INSERT INTO ota_campaign_device (campaign_id, fleet, device, wave, state, percent, reason, attempts, changed_ms)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (campaign_id, fleet, device) DO UPDATE SET wave = $4, state = $5, percent = $6, reason = $7, attempts = $8, changed_ms = $9
            """);
        cmd.Parameters.AddWithValue(campaignId);
        cmd.Parameters.AddWithValue(device.Fleet);
        cmd.Parameters.AddWithValue(device.Device);
        cmd.Parameters.AddWithValue(device.Wave);
        cmd.Parameters.AddWithValue((int)device.State);
        cmd.Parameters.AddWithValue(device.Percent);
        cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)device.Reason ?? DBNull.Value);
        cmd.Parameters.AddWithValue(device.Attempts);
        cmd.Parameters.AddWithValue(device.Changed.ToUnixTimeMilliseconds());
        cmd.ExecuteNonQuery();
    }

    public IReadOnlyList<(Campaign Campaign, IReadOnlyList<DeviceProgress> Devices)> LoadAll()
    {
        EnsureSchema();
        var campaigns = new List<Campaign>();
        using (var cmd = _db.CreateCommand("SELECT body FROM ota_campaign ORDER BY id"))
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
            {
                campaigns.Add(JsonSerializer.Deserialize<Campaign>(reader.GetString(0), Json)!);
            }
        }

        var devices = campaigns.ToDictionary(c => c.Id, _ => new List<DeviceProgress>(), StringComparer.Ordinal);
        using (var cmd = _db.CreateCommand("SELECT campaign_id, fleet, device, wave, state, percent, reason, attempts, changed_ms FROM ota_campaign_device"))
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
            {
                if (!devices.TryGetValue(reader.GetString(0), out var list))
                {
                    continue; // a campaign being created by its first save: its body comes in the next load
                }

                list.Add(new DeviceProgress
                {
                    Fleet = reader.GetString(1),
                    Device = reader.GetString(2),
                    Wave = reader.GetInt32(3),
                    State = (DeviceRolloutState)reader.GetInt32(4),
                    Percent = reader.GetInt32(5),
                    Reason = reader.IsDBNull(6) ? null : reader.GetString(6),
                    Attempts = reader.GetInt32(7),
                    Changed = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                });
            }
        }

        return campaigns.Select(c => (c, (IReadOnlyList<DeviceProgress>)devices[c.Id])).ToList();
    }

    public void Dispose() => _db.Dispose();
}
