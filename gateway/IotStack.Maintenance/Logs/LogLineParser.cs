using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace IotStack.Maintenance.Logs;

/// <summary>
/// Turns text lines into <see cref="LogRecord"/>s. Lenient by design: a line with no timestamp gets the time it was
/// received, a line with no level gets one inferred from its words, so nothing a host writes is dropped.
/// </summary>
internal static class LogLineParser
{
    public static bool TryParse(string line, LogLineFormat format, string source, string component, DateTimeOffset receivedAt, [NotNullWhen(true)] out LogRecord? record)
    {
        // A UTF-8 byte order mark (U+FEFF) starts some files; it is not part of the first line.
        var text = line.AsSpan().TrimStart('\uFEFF').TrimEnd("\r\n \t");
        if (text.IsWhiteSpace())
        {
            record = null;
            return false;
        }

        if (format == LogLineFormat.JournalShortIso)
        {
            // journalctl prints "-- No entries --", "-- Boot …--" and "-- cursor: …" lines between records.
            if (text.StartsWith("-- "))
            {
                record = null;
                return false;
            }

            if (TryParseJournal(text, source, component, out record))
            {
                return true;
            }
        }

        record = ParseApplication(text, source, component, receivedAt);
        return true;
    }

    private static bool TryParseJournal(ReadOnlySpan<char> text, string source, string component, [NotNullWhen(true)] out LogRecord? record)
    {
        record = null;
        var rest = text;
        if (!TryTakeWord(ref rest, out var stamp) || !TryParseTimestamp(stamp, out var at)
            || !TryTakeWord(ref rest, out _) // the journal's host name; the inventory name is the source
            || !TryTakeWord(ref rest, out var identifier) || identifier[^1] != ':')
        {
            return false;
        }

        var bracket = identifier.IndexOf('[');
        var unit = (bracket > 0 ? identifier[..bracket] : identifier[..^1]).ToString();
        var message = rest.ToString();
        record = new LogRecord(at, InferLevel(message), source, unit.Length > 0 ? unit : component, message);
        return true;
    }

    private static LogRecord ParseApplication(ReadOnlySpan<char> text, string source, string component, DateTimeOffset receivedAt)
    {
        var at = receivedAt;
        var rest = text;
        var probe = rest;
        if (TryTakeWord(ref probe, out var first) && LooksLikeDate(first))
        {
            var afterDate = probe;
            if (first.Length == 10 && TryTakeWord(ref probe, out var clock) && clock.Length >= 8 && clock[2] == ':'
                && TryParseTimestamp(string.Concat(first, "T", clock), out var stamp))
            {
                // "2026-11-25 22:01:02,123" (Python logging, log4j default)
                at = stamp;
                rest = probe;
            }
            else if (TryParseTimestamp(first, out stamp))
            {
                at = stamp;
                rest = afterDate;
            }
        }

        probe = rest;
        LogSeverity level;
        if (TryTakeWord(ref probe, out var word) && TryParseLevel(word, out level))
        {
            rest = probe;
        }
        else
        {
            level = InferLevel(rest);
        }

        return new LogRecord(at, level, source, component, rest.ToString());
    }

    private static bool LooksLikeDate(ReadOnlySpan<char> word) =>
        word.Length >= 10 && char.IsAsciiDigit(word[0]) && word[4] == '-' && word[7] == '-';

    internal static bool TryParseTimestamp(ReadOnlySpan<char> word, out DateTimeOffset at)
    {
        at = default;
        if (!LooksLikeDate(word))
        {
            return false;
        }

        // journalctl and many loggers write "+0000" and "," before fractions; the parser wants "+00:00" and ".".
        if (word.Length > 40)
        {
            return false;
        }

        Span<char> buffer = stackalloc char[42];
        word.CopyTo(buffer);
        var normalized = buffer[..word.Length];
        normalized.Replace(',', '.');
        if (normalized.Length > 8 && normalized[^5] is '+' or '-' && normalized[^8] != '-' && char.IsAsciiDigit(normalized[^1]) && normalized[^3] != ':')
        {
            normalized[^2..].CopyTo(buffer[(normalized.Length - 1)..]);
            buffer[normalized.Length - 2] = ':';
            normalized = buffer[..(normalized.Length + 1)];
        }

        return DateTimeOffset.TryParse(normalized, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at);
    }

    internal static bool TryParseLevel(ReadOnlySpan<char> word, out LogSeverity level)
    {
        var found = Classify(word.Trim("[]<>:|"));
        level = found.GetValueOrDefault();
        return found is not null;

        static LogSeverity? Classify(ReadOnlySpan<char> token)
        {
            if (token.Length is 0 or > 11)
            {
                return null;
            }

            if (Is(token, "ERROR", "ERR", "E", "FAIL"))
            {
                return LogSeverity.Error;
            }

            if (Is(token, "WARN", "WARNING", "WRN", "W"))
            {
                return LogSeverity.Warning;
            }

            if (Is(token, "INFO", "INF", "INFORMATION", "NOTICE", "I"))
            {
                return LogSeverity.Info;
            }

            if (Is(token, "DEBUG", "DBG", "D"))
            {
                return LogSeverity.Debug;
            }

            if (Is(token, "TRACE", "TRC", "VERBOSE", "V"))
            {
                return LogSeverity.Trace;
            }

            return Is(token, "CRITICAL", "CRIT", "FATAL", "FTL", "CRT", "EMERG", "ALERT") ? LogSeverity.Critical : null;
        }

        static bool Is(ReadOnlySpan<char> token, params ReadOnlySpan<string> names)
        {
            foreach (var name in names)
            {
                if (token.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>For formats without a level (the journal's short-iso output drops the syslog priority).</summary>
    internal static LogSeverity InferLevel(ReadOnlySpan<char> message)
    {
        if (message.Contains("panic", StringComparison.OrdinalIgnoreCase) || message.Contains("fatal", StringComparison.OrdinalIgnoreCase))
        {
            return LogSeverity.Critical;
        }

        if (message.Contains("error", StringComparison.OrdinalIgnoreCase) || message.Contains("fail", StringComparison.OrdinalIgnoreCase))
        {
            return LogSeverity.Error;
        }

        return message.Contains("warn", StringComparison.OrdinalIgnoreCase) ? LogSeverity.Warning : LogSeverity.Info;
    }

    private static bool TryTakeWord(ref ReadOnlySpan<char> text, out ReadOnlySpan<char> word)
    {
        text = text.TrimStart(' ');
        if (text.IsEmpty)
        {
            word = default;
            return false;
        }

        var end = text.IndexOf(' ');
        word = end < 0 ? text : text[..end];
        text = end < 0 ? default : text[(end + 1)..];
        return true;
    }
}
