using System.Globalization;
using System.Text;
using IotStack.Maintenance.Commands;
using IotStack.Maintenance.Connections;
using IotStack.Maintenance.Hosts;
using IotStack.Maintenance.Logs;

namespace IotStack.Maintenance.Tailing;

/// <summary>
/// Follows a log file on a host by polling. Each poll opens the file once on the remote side and reads identity and
/// content through that one descriptor, so a rotation between "stat" and "read" cannot mix two files. The position
/// (inode, offset past the last complete line) only moves after a successful read: a dropped connection means the
/// next poll re-reads from the same byte, so no line is lost or read twice.
/// Rotation (new inode): the rest of the old file is drained from wherever it was renamed to in the same directory,
/// then the new file is read from 0. Truncation (same inode, smaller size; copytruncate): reading restarts at 0.
/// </summary>
internal sealed class RemoteFileTailer
{
    private const int ExitCannotOpen = 3;
    private const int ExitRotatedGone = 4;
    private readonly HostOptions _host;
    private readonly string _path;
    private readonly string _directory;
    private readonly LogLineFormat _format;
    private readonly bool _fromStart;
    private readonly SshConnectionPool _pool;
    private readonly TimeProvider _time;
    private readonly int _maxChunkBytes;

    public RemoteFileTailer(HostOptions host, string path, LogLineFormat format, bool fromStart, CommandCatalog catalog, SshConnectionPool pool, TimeProvider time,
        int maxChunkBytes = 1 << 20, TailPosition start = default)
    {
        // The same allowlist as the tail-file command: absolute, whitelisted characters, under a tail root.
        var check = catalog.Validate("tail-file", new Dictionary<string, string> { ["path"] = path });
        if (!check.IsValid)
        {
            throw new MaintenanceConfigurationException($"Cannot tail '{path}' on '{host.Name}': {check.Refusal}");
        }

        _host = host;
        _path = path;
        _directory = path[..path.LastIndexOf('/')] is { Length: > 0 } dir ? dir : "/";
        _format = format;
        _fromStart = fromStart;
        _pool = pool;
        _time = time;
        _maxChunkBytes = maxChunkBytes;
        Position = start;
    }

    public TailPosition Position { get; private set; }

    public string Host => _host.Name;

    public string Path => _path;

    public async Task<TailPoll> PollAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var leased = await LeaseOrFailure(deadline.Token).ConfigureAwait(false);
        if (leased.Lease is not { } lease)
        {
            return Failed(leased.Failure, leased.Message);
        }

        using (lease)
        {
            try
            {
                return await ReadAsync(lease.Session, deadline.Token).ConfigureAwait(false);
            }
            catch (SshSessionLostException ex)
            {
                lease.MarkBroken();
                return Failed(CommandStatus.ConnectionLost, ex.Message);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                lease.MarkBroken();
                return Failed(CommandStatus.TimedOut, $"Reading {_path} on {_host.Name} took longer than {timeout}.");
            }
        }
    }

    private async Task<SshLeaseResult> LeaseOrFailure(CancellationToken cancellationToken)
    {
        try
        {
            return await _pool.LeaseAsync(_host, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return SshLeaseResult.Failed(CommandStatus.TimedOut, $"No SSH session with '{_host.Name}' in time.");
        }
    }

    private async Task<TailPoll> ReadAsync(ISshSession session, CancellationToken cancellationToken)
    {
        var known = Position;
        var startOnNewFile = known.IsKnown || _fromStart ? "0" : "$2";
        var main = await session.ExecuteAsync(Script($"'{_path}'", known, startOnNewFile), _maxChunkBytes + 64, cancellationToken, Encoding.Latin1).ConfigureAwait(false);
        if (main.ExitCode == ExitCannotOpen)
        {
            // Between a rename and the writer creating the new file there is no file: not an error, try later.
            return new TailPoll([], CommandStatus.Succeeded, $"{_path} does not exist (yet).", false, false, known);
        }

        if (main.ExitCode != 0 || !TryReadHeader(main.Output, out var inode, out _, out var readFrom, out var data))
        {
            return Failed(CommandStatus.NonZeroExit, $"Reading {_path} failed (exit {main.ExitCode}): {main.Error.Trim()}");
        }

        var records = new List<LogRecord>();
        var rotated = known.IsKnown && inode != known.Inode;
        var truncated = !rotated && known.IsKnown && readFrom < known.Offset;
        if (rotated)
        {
            // Drain the old file first so lines keep their order. It is final: a trailing partial line is taken as is.
            var drain = await session.ExecuteAsync(
                $"f=$(find '{_directory}' -maxdepth 1 -type f -inum {known.Inode} -print -quit); [ -n \"$f\" ] || exit {ExitRotatedGone}; " + Script("\"$f\"", known, "0"),
                _maxChunkBytes + 64, cancellationToken, Encoding.Latin1).ConfigureAwait(false);
            if (drain.ExitCode == 0 && TryReadHeader(drain.Output, out _, out _, out _, out var oldData))
            {
                Collect(oldData, takePartial: true, records);
            }
        }

        var consumed = Collect(data, takePartial: data.Length >= _maxChunkBytes, records);
        Position = new TailPosition(inode, readFrom + consumed);
        return new TailPoll(records, CommandStatus.Succeeded, rotated ? "rotated" : truncated ? "truncated" : "", rotated, truncated, Position);
    }

    /// <summary>
    /// One descriptor for identity and content. START is the offset for a file not seen before (0, or "$2" = its size
    /// to skip history on first contact). Prints "inode size offset" then the bytes from that offset, capped.
    /// </summary>
    private string Script(string fileExpression, TailPosition known, string startOnNewFile) =>
        string.Create(CultureInfo.InvariantCulture,
            $"exec 3<{fileExpression} || exit {ExitCannotOpen}; set -- $(stat -L -c '%i %s' /dev/fd/3); o={known.Offset}; "
            + $"if [ \"$1\" != \"{known.Inode}\" ]; then o={startOnNewFile}; elif [ \"$2\" -lt \"$o\" ]; then o=0; fi; "
            + $"echo \"$1 $2 $o\"; tail -c +$((o+1)) <&3 | head -c {_maxChunkBytes}");

    private static bool TryReadHeader(string output, out long inode, out long size, out long offset, out string data)
    {
        inode = size = offset = 0;
        data = "";
        var newline = output.IndexOf('\n');
        if (newline < 0)
        {
            return false;
        }

        var parts = output[..newline].Split(' ');
        data = output[(newline + 1)..];
        return parts.Length == 3
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out inode)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out size)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out offset);
    }

    /// <summary>Parses complete lines of <paramref name="latin1"/> (one char per byte) and returns how many bytes they span.</summary>
    private int Collect(string latin1, bool takePartial, List<LogRecord> records)
    {
        var end = takePartial ? latin1.Length : latin1.LastIndexOf('\n') + 1;
        var receivedAt = _time.GetUtcNow();
        var start = 0;
        while (start < end)
        {
            var newline = latin1.IndexOf('\n', start, end - start);
            var stop = newline < 0 ? end : newline;
            var line = Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(latin1, start, stop - start));
            if (LogLineParser.TryParse(line, _format, _host.Name, _path, receivedAt, out var record))
            {
                records.Add(record);
            }

            start = stop + 1;
        }

        return end;
    }

    private TailPoll Failed(CommandStatus status, string message) => new([], status, message, false, false, Position);
}
