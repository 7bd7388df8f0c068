using IotStack.Gateway.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace IotStack.Gateway.Cluster;

/// <summary>
/// Leadership among gateways sharing one PostgreSQL database: the leader holds a session-level advisory lock
/// (<c>pg_try_advisory_lock</c>, PostgreSQL manual §9.28.10) on a connection of its own, unpooled, for as long as it leads.
/// The server releases the lock when that session ends, whatever ends it: the gateway stopping, its process killed
/// (the socket closes), <c>pg_terminate_backend</c>, or, for a machine that vanished silently, the server's TCP keepalive
/// set on the session (<see cref="ClusterOptions.KeepAliveIdleSeconds"/>). Followers try the lock every
/// <see cref="ClusterOptions.PollInterval"/>; the leader checks its connection every <see cref="ClusterOptions.CheckInterval"/>
/// and ends its term at the first failed check, before the server gives the lock away.
/// </summary>
internal sealed partial class PostgresLeadership : BackgroundService, ILeadership
{
    private readonly string _connectionString;
    private readonly ClusterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PostgresLeadership> _logger;
    private readonly Lock _sync = new();
    private TaskCompletionSource<CancellationToken> _elected = NewElection();
    private CancellationTokenSource? _term;
    private string? _leader;
    private long _terms;

    public PostgresLeadership(string connectionString, ClusterOptions options, TimeProvider time, ILogger<PostgresLeadership> logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        Name = options.EffectiveName;
        _connectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,                    // the lock lives and dies with this one session
            ApplicationName = "iotstack-leader:" + Name,
            CommandTimeout = Math.Max(1, (int)Math.Ceiling(options.CheckTimeout.TotalSeconds)),
            Timeout = Math.Max(1, (int)Math.Ceiling(options.CheckTimeout.TotalSeconds)),
        }.ConnectionString;
    }

    public string Name { get; }

    public bool IsLeader
    {
        get
        {
            lock (_sync)
            {
                return _term is not null;
            }
        }
    }

    public string? Leader => Volatile.Read(ref _leader);

    /// <summary>Terms this gateway has started leading since it started.</summary>
    public long Terms => Interlocked.Read(ref _terms);

    public Task<CancellationToken> WaitForTermAsync(CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            return _elected.Task.WaitAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                await connection.OpenAsync(stoppingToken).ConfigureAwait(false);
                await ExecuteAsync(connection, $"SET tcp_keepalives_idle = {_options.KeepAliveIdleSeconds}; SET tcp_keepalives_interval = {_options.KeepAliveIntervalSeconds}; SET tcp_keepalives_count = {_options.KeepAliveCount}", stoppingToken).ConfigureAwait(false);
                await HoldOrPollAsync(connection, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                EndTerm();
                LogConnectionLost(ex.Message);
            }
            finally
            {
                EndTerm(); // disposing the connection above ended the session and with it the lock
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

    private async Task HoldOrPollAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!IsLeader)
            {
                if (await TryLockAsync(connection, stoppingToken).ConfigureAwait(false))
                {
                    BeginTerm();
                }
                else
                {
                    Volatile.Write(ref _leader, await ReadLeaderAsync(connection, stoppingToken).ConfigureAwait(false));
                }
            }
            else
            {
                // The session is the lock: a failed or slow round trip ends the term (the catch above), a live one keeps it.
                await ExecuteAsync(connection, "SELECT 1", stoppingToken).ConfigureAwait(false);
            }

            await Task.Delay(IsLeader ? _options.CheckInterval : _options.PollInterval, _time, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
        command.Parameters.AddWithValue(_options.LockKey);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Who holds the lock: a bigint advisory key shows in pg_locks as classid (high half), objid (low half), objsubid 1.</summary>
    private async Task<string?> ReadLeaderAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.classid::bigint = $1 AND l.objid::bigint = $2
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            LIMIT 1
            """, connection);
        command.Parameters.AddWithValue((long)((ulong)_options.LockKey >> 32));
        command.Parameters.AddWithValue((long)((ulong)_options.LockKey & 0xFFFF_FFFF));
        object? name = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return name is string s && s.StartsWith("iotstack-leader:", StringComparison.Ordinal) ? s["iotstack-leader:".Length..] : null;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private void BeginTerm()
    {
        lock (_sync)
        {
            _term = new CancellationTokenSource();
            _elected.TrySetResult(_term.Token);
        }

        Volatile.Write(ref _leader, Name);
        Interlocked.Increment(ref _terms);
        LogElected(Name);
    }

    private void EndTerm()
    {
        CancellationTokenSource? ended;
        lock (_sync)
        {
            ended = _term;
            if (ended is null)
            {
                return;
            }

            _term = null;
            _elected = NewElection();
        }

        Volatile.Write(ref _leader, null);
        ended.Cancel(); // not disposed: work still links to its token
        LogSteppedDown(Name);
    }

    private static TaskCompletionSource<CancellationToken> NewElection() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster: {Name} leads (rollouts, remediation and host log tails run here)")]
    private partial void LogElected(string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: {Name} stepped down (its lock connection ended); another gateway may take over")]
    private partial void LogSteppedDown(string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: leadership connection failed ({Reason}); retrying")]
    private partial void LogConnectionLost(string reason);
}
