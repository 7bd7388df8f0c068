using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace IotStack.Ota.Rollouts;

/// <summary>Campaigns and per-board progress in SQLite (WAL), so a gateway restart resumes every campaign where it was.</summary>
internal sealed class SqliteCampaignStore : ICampaignStore, IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly SqliteConnection _db;
    private readonly object _gate = new();

    /// <summary>Opens the file at first use, so a store that cannot be opened yet is retried by the OTA host's start-up.</summary>
    public SqliteCampaignStore(string path)
    {
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
    }

    private void EnsureOpen()
    {
        if (_db.State == System.Data.ConnectionState.Open)
        {
            return;
        }

        _db.Open();
        Execute("""
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=NORMAL;
            CREATE TABLE IF NOT EXISTS ota_campaign (id TEXT PRIMARY KEY, body TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS ota_campaign_device (
                campaign_id TEXT NOT NULL, fleet TEXT NOT NULL, device TEXT NOT NULL, wave INTEGER NOT NULL,
                state INTEGER NOT NULL, percent INTEGER NOT NULL, reason TEXT, attempts INTEGER NOT NULL, changed_ms INTEGER NOT NULL,
                PRIMARY KEY (campaign_id, fleet, device));
            """);
    }

    public void SaveCampaign(Campaign campaign)
    {
        lock (_gate)
        {
            EnsureOpen();
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "INSERT INTO ota_campaign (id, body) VALUES ($id, $body) ON CONFLICT(id) DO UPDATE SET body = excluded.body";
            cmd.Parameters.AddWithValue("$id", campaign.Id);
            cmd.Parameters.AddWithValue("$body", JsonSerializer.Serialize(campaign, Json));
            cmd.ExecuteNonQuery();
        }
    }

    public void SaveDevice(string campaignId, DeviceProgress device)
    {
        lock (_gate)
        {
            EnsureOpen();
            using var cmd = _db.CreateCommand();
            cmd.CommandText = """
                INSERT INTO ota_campaign_device (campaign_id, fleet, device, wave, state, percent, reason, attempts, changed_ms)
                VALUES ($c, $f, $d, $w, $s, $p, $r, $a, $t)
                ON CONFLICT(campaign_id, fleet, device) DO UPDATE SET wave = $w, state = $s, percent = $p, reason = $r, attempts = $a, changed_ms = $t
                """;
            cmd.Parameters.AddWithValue("$c", campaignId);
            cmd.Parameters.AddWithValue("$f", device.Fleet);
            cmd.Parameters.AddWithValue("$d", device.Device);
            cmd.Parameters.AddWithValue("$w", device.Wave);
            cmd.Parameters.AddWithValue("$s", (int)device.State);
            cmd.Parameters.AddWithValue("$p", device.Percent);
            cmd.Parameters.AddWithValue("$r", (object?)device.Reason ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$a", device.Attempts);
            cmd.Parameters.AddWithValue("$t", device.Changed.ToUnixTimeMilliseconds());
            cmd.ExecuteNonQuery();
        }
    }

    public IReadOnlyList<(Campaign Campaign, IReadOnlyList<DeviceProgress> Devices)> LoadAll()
    {
        lock (_gate)
        {
            EnsureOpen();
            var result = new List<(Campaign, IReadOnlyList<DeviceProgress>)>();
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "SELECT body FROM ota_campaign ORDER BY id";
            var campaigns = new List<Campaign>();
            using (var reader = cmd.ExecuteReader())
            {
                while (reader.Read())
                {
                    campaigns.Add(JsonSerializer.Deserialize<Campaign>(reader.GetString(0), Json)!);
                }
            }

            foreach (var campaign in campaigns)
            {
                using var dcmd = _db.CreateCommand();
                dcmd.CommandText = "SELECT fleet, device, wave, state, percent, reason, attempts, changed_ms FROM ota_campaign_device WHERE campaign_id = $c";
                dcmd.Parameters.AddWithValue("$c", campaign.Id);
                var devices = new List<DeviceProgress>();
                using var reader = dcmd.ExecuteReader();
                while (reader.Read())
                {
                    devices.Add(new DeviceProgress
                    {
                        Fleet = reader.GetString(0),
                        Device = reader.GetString(1),
                        Wave = reader.GetInt32(2),
                        State = (DeviceRolloutState)reader.GetInt32(3),
                        Percent = reader.GetInt32(4),
                        Reason = reader.IsDBNull(5) ? null : reader.GetString(5),
                        Attempts = reader.GetInt32(6),
                        Changed = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
                    });
                }

                result.Add((campaign, devices));
            }

            return result;
        }
    }

    public void Dispose() => _db.Dispose();

    private void Execute(string sql)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
