using IotStack.Gateway.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace IotStack.Gateway.Cluster;

/// <summary>
/// Which partitions of the fleet this gateway owns (docs/scale.md, "Device ownership"). Each partition is a session-level
/// advisory lock of PostgreSQL (the two-key form, <c>pg_try_advisory_lock(space, partition)</c>) held on one connection of
/// this gateway's own, named <c>iotstack-owner:{name}</c>: the server decides who holds what, and frees a dead gateway's
/// locks when its session ends, as for leadership (<see cref="PostgresLeadership"/>). Every
/// <see cref="ClusterOptions.PollInterval"/> a gateway counts the live owner sessions and keeps ceil(partitions / members):
/// it hands extra partitions over in order (<see cref="IPartitionHandler.ReleasingAsync"/>, then unlocks) and takes free
/// ones up to its share. A failed round trip means the locks may be gone: every partition is dropped at once
/// (<see cref="IPartitionHandler.LostAsync"/>) and taken again on a new connection.
/// </summary>
internal sealed partial class PartitionOwnership : BackgroundService
{
    public const string SessionPrefix = "iotstack-owner:";

    private readonly string _connectionString;
    private readonly ClusterOptions _options;
    private readonly IPartitionHandler _handler;
    private readonly TimeProvider _time;
    private readonly ILogger<PartitionOwnership> _logger;
    private readonly int _space;
    private readonly int _first;
    private readonly SortedSet<int> _owned = new();
    private volatile int[] _snapshot = [];

    // This gateway's own MQTT session (its ingress), recorded so a survivor can drain it if this gateway dies.
    private readonly string? _sessionClientId;

    public PartitionOwnership(string connectionString, ClusterOptions options, IPartitionHandler handler, TimeProvider time, ILogger<PartitionOwnership> logger, string? sessionClientId = null)
    {
        _sessionClientId = sessionClientId;
        _options = options;
        _handler = handler;
        _time = time;
        _logger = logger;
        Name = options.EffectiveName;
        // Its own key space: the leader's bigint lock (objsubid 1) never meets these two-key locks (objsubid 2).
        _space = unchecked((int)(options.LockKey >> 32));
        _first = DevicePartition.Of(Name, options.Partitions);
        _connectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,                    // the locks live and die with this one session
            ApplicationName = SessionPrefix + Name,
            CommandTimeout = Math.Max(1, (int)Math.Ceiling(options.CheckTimeout.TotalSeconds)),
            Timeout = Math.Max(1, (int)Math.Ceiling(options.CheckTimeout.TotalSeconds)),
        }.ConnectionString;
    }

    public string Name { get; }

    public int Partitions => _options.Partitions;

    /// <summary>The partitions owned now, ascending.</summary>
    public IReadOnlyList<int> Owned => _snapshot;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            NpgsqlConnection? connection = null;
            try
            {
                connection = new NpgsqlConnection(_connectionString);
                await connection.OpenAsync(stoppingToken).ConfigureAwait(false);
                await ExecuteAsync(connection, $"SET tcp_keepalives_idle = {_options.KeepAliveIdleSeconds}; SET tcp_keepalives_interval = {_options.KeepAliveIntervalSeconds}; SET tcp_keepalives_count = {_options.KeepAliveCount}", stoppingToken).ConfigureAwait(false);
                // Gateways starting together would race on CREATE TABLE IF NOT EXISTS: the store's schema lock serialises them.
                await ExecuteAsync(connection, "BEGIN; SELECT pg_advisory_xact_lock(482716); " +
                    "CREATE TABLE IF NOT EXISTS partition_epoch (partition_no INTEGER PRIMARY KEY, epoch BIGINT NOT NULL, owner TEXT NOT NULL); " +
                    "CREATE TABLE IF NOT EXISTS gateway_session (client_id TEXT PRIMARY KEY, owner TEXT NOT NULL); COMMIT", stoppingToken).ConfigureAwait(false);
                await RecordSessionAsync(connection, stoppingToken).ConfigureAwait(false);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await BalanceAsync(connection, stoppingToken).ConfigureAwait(false);
                    await Task.Delay(_options.PollInterval, _time, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                await ReleaseAllAsync(connection).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogConnectionLost(ex.Message, _owned.Count);
                await LoseAllAsync().ConfigureAwait(false);
            }
            finally
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync().ConfigureAwait(false); // ends the session: the server frees every lock left
                }
            }

            try
            {
                await Task.Delay(_options.PollInterval, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task BalanceAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        int members = Math.Max(1, await CountMembersAsync(connection, cancellationToken).ConfigureAwait(false));
        int share = (_options.Partitions + members - 1) / members;
        while (_owned.Count > share)
        {
            int partition = _owned.Max;
            await ReleaseAsync(connection, partition, cancellationToken).ConfigureAwait(false);
        }

        // From a place of this gateway's own, so gateways starting together do not all ask for partition 0 first.
        for (int i = 0; i < _options.Partitions && _owned.Count < share; i++)
        {
            int partition = (_first + i) % _options.Partitions;
            if (!_owned.Contains(partition) && await TryLockAsync(connection, partition, cancellationToken).ConfigureAwait(false))
            {
                await AcquireAsync(connection, partition, cancellationToken).ConfigureAwait(false);
            }
        }

        // After taking partitions: what a dead gateway's session holds then goes to owners that are up.
        await DrainLeftSessionsAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    private async Task AcquireAsync(NpgsqlConnection connection, int partition, CancellationToken cancellationToken)
    {
        long epoch = await RaiseEpochAsync(connection, partition, cancellationToken).ConfigureAwait(false);
        try
        {
            await _handler.AcquiredAsync(partition, epoch, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Not taken after all: let it go so another gateway (or the next round) can.
            LogAcquireFailed(partition, ex.Message);
            await _handler.LostAsync(partition).ConfigureAwait(false);
            await UnlockAsync(connection, partition, cancellationToken).ConfigureAwait(false);
            return;
        }

        _owned.Add(partition);
        Publish();
        LogAcquired(partition, Name, epoch);
    }

    private async Task ReleaseAsync(NpgsqlConnection connection, int partition, CancellationToken cancellationToken)
    {
        await HandOverAsync(partition).ConfigureAwait(false);
        _owned.Remove(partition);
        Publish();
        await UnlockAsync(connection, partition, cancellationToken).ConfigureAwait(false);
        LogReleased(partition, Name);
    }

    /// <summary>Stopping: every partition handed over in order while the locks are still held, then the session ends.</summary>
    private async Task ReleaseAllAsync(NpgsqlConnection? connection)
    {
        if (!await IsAliveAsync(connection).ConfigureAwait(false))
        {
            // The locks may be someone else's already: an orderly hand-over now would overwrite the new owner's state.
            await LoseAllAsync().ConfigureAwait(false);
            return;
        }

        foreach (int partition in _owned.ToArray())
        {
            await HandOverAsync(partition).ConfigureAwait(false);
            _owned.Remove(partition);
            Publish();
            if (connection is { State: System.Data.ConnectionState.Open })
            {
                try
                {
                    await UnlockAsync(connection, partition, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
                {
                    // Closing the session below frees it anyway.
                }
            }

            LogReleased(partition, Name);
        }
    }

    private async Task HandOverAsync(int partition)
    {
        // Bounded: a hand-over that cannot finish (store down) must not keep the partition from its next owner forever.
        using var timeout = new CancellationTokenSource(_options.HandOverTimeout, _time);
        try
        {
            await _handler.ReleasingAsync(partition, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogHandOverFailed(partition, ex.Message);
            await _handler.LostAsync(partition).ConfigureAwait(false);
        }
    }

    private static async Task<bool> IsAliveAsync(NpgsqlConnection? connection)
    {
        if (connection is not { State: System.Data.ConnectionState.Open })
        {
            return false;
        }

        try
        {
            await ExecuteAsync(connection, "SELECT 1", CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return false;
        }
    }

    private async Task LoseAllAsync()
    {
        // No longer claimed from this instant; then each is stopped and dropped.
        int[] lost = [.. _owned];
        _owned.Clear();
        Publish();
        foreach (int partition in lost)
        {
            await _handler.LostAsync(partition).ConfigureAwait(false);
        }
    }

    private void Publish() => _snapshot = [.. _owned];

    private async Task<int> CountMembersAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE $1", connection);
        command.Parameters.AddWithValue(SessionPrefix + "%");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task RecordSessionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (_sessionClientId is null)
        {
            return;
        }

        await using var command = new NpgsqlCommand(
            "INSERT INTO gateway_session (client_id, owner) VALUES ($1, $2) ON CONFLICT (client_id) DO UPDATE SET owner = excluded.owner", connection);
        command.Parameters.AddWithValue(_sessionClientId);
        command.Parameters.AddWithValue(Name);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The MQTT sessions of gateways whose ownership session is gone: one survivor (an advisory lock per session) drains
    /// each and forgets it. A gateway that comes back records its session again and takes it over from the broker.
    /// </summary>
    private async Task DrainLeftSessionsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var left = new List<string>();
        await using (var query = new NpgsqlCommand(
            "SELECT client_id FROM gateway_session s WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = current_database() AND a.application_name = $1 || s.owner)", connection))
        {
            query.Parameters.AddWithValue(SessionPrefix);
            await using NpgsqlDataReader reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                left.Add(reader.GetString(0));
            }
        }

        foreach (string clientId in left)
        {
            await using (var lockIt = new NpgsqlCommand("SELECT pg_try_advisory_lock($1, hashtext($2))", connection))
            {
                lockIt.Parameters.AddWithValue(_space + 1);
                lockIt.Parameters.AddWithValue(clientId);
                if (!(bool)(await lockIt.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
                {
                    continue;   // another survivor drains it
                }
            }

            try
            {
                if (!await _handler.DrainSessionAsync(clientId, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                await using var forget = new NpgsqlCommand(
                    "DELETE FROM gateway_session s WHERE client_id = $1 AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = current_database() AND a.application_name = $2 || s.owner)", connection);
                forget.Parameters.AddWithValue(clientId);
                forget.Parameters.AddWithValue(SessionPrefix);
                await forget.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogDrainFailed(clientId, ex.Message);
            }
            finally
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1, hashtext($2))", connection);
                unlock.Parameters.AddWithValue(_space + 1);
                unlock.Parameters.AddWithValue(clientId);
                await unlock.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The partition's fencing token, one higher than its last owner's; raised while this gateway holds the lock.</summary>
    private async Task<long> RaiseEpochAsync(NpgsqlConnection connection, int partition, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO partition_epoch (partition_no, epoch, owner) VALUES ($1, 1, $2) " +
            "ON CONFLICT (partition_no) DO UPDATE SET epoch = partition_epoch.epoch + 1, owner = excluded.owner RETURNING epoch", connection);
        command.Parameters.AddWithValue(partition);
        command.Parameters.AddWithValue(Name);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private async Task<bool> TryLockAsync(NpgsqlConnection connection, int partition, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1, $2)", connection);
        command.Parameters.AddWithValue(_space);
        command.Parameters.AddWithValue(partition);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private async Task UnlockAsync(NpgsqlConnection connection, int partition, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock($1, $2)", connection);
        command.Parameters.AddWithValue(_space);
        command.Parameters.AddWithValue(partition);
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Partition {Partition} acquired by {Name} (epoch {Epoch})")]
    private partial void LogAcquired(int partition, string name, long epoch);

    [LoggerMessage(Level = LogLevel.Information, Message = "Partition {Partition} released by {Name}")]
    private partial void LogReleased(int partition, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partition {Partition}: taking it over failed ({Reason}); it stays free for now")]
    private partial void LogAcquireFailed(int partition, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partition {Partition}: handing it over failed ({Reason}); its newest state since the last checkpoint is not saved")]
    private partial void LogHandOverFailed(int partition, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Draining the MQTT session {ClientId} of a gateway that left failed ({Reason}); the next round tries again")]
    private partial void LogDrainFailed(string clientId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ownership connection failed ({Reason}); dropped {Owned} partitions, another gateway may take them; retrying")]
    private partial void LogConnectionLost(string reason, int owned);
}
