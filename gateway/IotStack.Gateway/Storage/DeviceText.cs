using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace IotStack.Gateway.Storage;

/// <summary>
/// The one rule for text that came from a device (log messages, command replies, firmware and board names) before any
/// store keeps it. PostgreSQL refuses U+0000 in text (SQLSTATE 22021) and SQLite silently cuts at it, so the same
/// record would read back differently per store or crash-loop one of them. Invalid UTF-8 never gets this far (the
/// protocol's strict decoder reports it, docs/protocol.md); what remains is made safe and bounded the same way for every
/// store: C0/C1 control characters and DEL other than tab and newline become U+FFFD, CR LF becomes LF, an unpaired
/// surrogate becomes U+FFFD (a strict UTF-8 encoder refuses it), and anything past the cap is cut, without splitting a
/// surrogate pair, and ends in "…". Text that needs none of this is returned as is, without allocating.
/// </summary>
internal static class DeviceText
{
    /// <summary>Names: firmware version, board, log source.</summary>
    public const int MaxShort = 128;

    /// <summary>Sentences: log messages, replies, timeline summaries and details, quarantine reasons.</summary>
    public const int MaxLong = 2000;

    public const char Replacement = '\uFFFD';

    [return: NotNullIfNotNull(nameof(value))]
    public static string? Normalize(string? value, int maxChars)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 2);
        if (value is null)
        {
            return null;
        }

        if (value.Length <= maxChars && IsClean(value))
        {
            return value;
        }

        // Clean up to one character past the cap: enough to know whether the text must be cut.
        var text = new StringBuilder(Math.Min(value.Length, maxChars + 2));
        for (int i = 0; i < value.Length && text.Length <= maxChars; i++)
        {
            char c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                text.Append(c).Append(value[i + 1]);
                i++;
            }
            else if (c != '\r' || i + 1 >= value.Length || value[i + 1] != '\n')
            {
                text.Append(IsAllowed(c) ? c : Replacement);
            }
        }

        if (text.Length > maxChars)
        {
            int keep = maxChars - 1;
            if (char.IsHighSurrogate(text[keep - 1]))
            {
                keep--;   // never split a surrogate pair
            }

            text.Length = keep;
            text.Append('…');
        }

        return text.ToString();
    }

    private static bool IsClean(string value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    i++;
                    continue;
                }

                return false;
            }

            if (!IsAllowed(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAllowed(char c) => c switch
    {
        '\t' or '\n' => true,
        < ' ' => false,
        >= '\u007F' and <= '\u009F' => false,
        _ => !char.IsSurrogate(c),
    };
}
