using System.Net.Sockets;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace IotStack.Gateway.Resilience;

/// <summary>
/// Sorts a store or handler failure into transient (the dependency is unwell: wait and retry, acknowledge nothing) and
/// permanent (this message is refused: quarantine it and acknowledge, or it is redelivered forever).
/// The rule errs on transient for the database's own errors, because a wrongly transient message only waits while a
/// wrongly permanent outage would quarantine a whole fleet's traffic. Anything that is neither a database, I/O nor
/// network error is a bug in a handler; retrying a bug never ends, so that is permanent too.
/// </summary>
internal static class FailureClassifier
{
    public static FailureKind Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            // PostgreSQL SQLSTATE classes (PostgreSQL docs, Appendix A): IsTransient covers 08 connection, 40 rollback
            // (serialization, deadlock), 53 resources, 57P0x shutdown/starting, 58 system I/O. The rest (22 data
            // exception such as 22021 invalid byte sequence, 23 constraint, 42 rule) refuses the statement itself.
            PostgresException pg => pg.IsTransient || pg.SqlState.StartsWith("53", StringComparison.Ordinal) || pg.SqlState.StartsWith("58", StringComparison.Ordinal)
                ? FailureKind.Transient
                : FailureKind.Permanent,
            // A NpgsqlException that is not a PostgresException never reached the server: connection refused, reset, timeout.
            NpgsqlException => FailureKind.Transient,
            SqliteException sqlite => ClassifySqlite(sqlite.SqliteErrorCode),
            IOException or SocketException or TimeoutException or UnauthorizedAccessException => FailureKind.Transient,
            // A string the encoder or the driver refuses is about the message, whatever store it went to.
            EncoderFallbackException or DecoderFallbackException or ArgumentException or FormatException or OverflowException => FailureKind.Permanent,
            AggregateException { InnerExceptions.Count: 1 } aggregate => Classify(aggregate.InnerExceptions[0]),
            _ when exception.InnerException is { } inner && inner is IOException or SocketException or TimeoutException => FailureKind.Transient,
            _ => FailureKind.Permanent,
        };
    }

    /// <summary>One line for logs, quarantine and /health: the type and, for databases, the error code.</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        string message = exception.Message.ReplaceLineEndings(" ");
        string text = exception switch
        {
            PostgresException pg => $"PostgreSQL {pg.SqlState}: {pg.MessageText}",
            SqliteException sqlite => $"SQLite {sqlite.SqliteErrorCode}/{sqlite.SqliteExtendedErrorCode}: {message}",
            _ => $"{exception.GetType().Name}: {message}",
        };
        return text.Length <= MaxDescription ? text : string.Concat(text.AsSpan(0, MaxDescription - 1), "…");
    }

    private const int MaxDescription = 300;

    // SQLite result codes (sqlite.org/rescode.html), primary code in the low byte.
    private static FailureKind ClassifySqlite(int code) => (code & 0xFF) switch
    {
        18 or 19 or 20 or 25 => FailureKind.Permanent,   // TOOBIG, CONSTRAINT, MISMATCH, RANGE: this statement's values
        _ => FailureKind.Transient,                      // BUSY, LOCKED, NOMEM, READONLY, IOERR, FULL, CANTOPEN, CORRUPT…
    };
}
