using System.Net.Sockets;
using IotStack.Gateway.Resilience;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace IotStack.Gateway.Tests.Resilience;

public sealed class FailureClassifierTests
{
    public static TheoryData<Exception, bool> Cases => new()
    {
        // The database is down, busy or full: wait, hold the acknowledgement.
        { new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)), true },
        { new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01"), true },
        { new PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03"), true },
        { new PostgresException("could not extend file: No space left on device", "ERROR", "ERROR", "53100"), true },
        { new PostgresException("deadlock detected", "ERROR", "ERROR", "40P01"), true },
        { new SqliteException("database or disk is full", 13), true },
        { new SqliteException("database is locked", 5), true },
        { new SqliteException("disk I/O error", 10 | (3 << 8)), true },
        { new IOException("No space left on device"), true },
        { new TimeoutException(), true },
        // This message is refused: quarantine it, acknowledge it.
        { new PostgresException("invalid byte sequence for encoding \"UTF8\": 0x00", "ERROR", "ERROR", "22021"), false },
        { new PostgresException("value too long for type character varying(64)", "ERROR", "ERROR", "22001"), false },
        { new PostgresException("duplicate key value violates unique constraint", "ERROR", "ERROR", "23505"), false },
        { new SqliteException("NOT NULL constraint failed: alerts.last_value", 19 | (5 << 8)), false },
        { new SqliteException("string or blob too big", 18), false },
        { new System.Text.EncoderFallbackException("Unable to translate Unicode character \\uD800"), false },
        // A bug in a handler: retrying it never ends.
        { new NullReferenceException(), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classify_KnownFailure_TransientOnlyWhenWaitingCanHelp(Exception exception, bool transient) =>
        Assert.Equal(transient ? FailureKind.Transient : FailureKind.Permanent, FailureClassifier.Classify(exception));

    [Fact]
    public void Describe_PostgresRefusal_NamesTheSqlState() =>
        Assert.StartsWith("PostgreSQL 22021:", FailureClassifier.Describe(new PostgresException("invalid byte sequence", "ERROR", "ERROR", "22021")), StringComparison.Ordinal);
}
