using System.Text.RegularExpressions;
using IotStack.Maintenance.Commands;
using IotStack.Maintenance.Connections;
using IotStack.Maintenance.Hosts;
using IotStack.Maintenance.Logs;

namespace IotStack.Maintenance.Tailing;

/// <summary>
/// Follows a unit's journal by cursor (journalctl(1) --show-cursor / --after-cursor): the cursor names the last entry
/// read, so a dropped connection resumes after exactly that entry. The first poll only learns the current cursor.
/// </summary>
internal sealed partial class JournalTailer
{
    private const string CursorPrefix = "-- cursor: ";
    private const int MaxOutputChars = 4 << 20;
    private readonly HostOptions _host;
    private readonly SshConnectionPool _pool;
    private readonly TimeProvider _time;

    public JournalTailer(HostOptions host, string unit, CommandCatalog catalog, SshConnectionPool pool, TimeProvider time, string? cursor = null)
    {
        var check = catalog.Validate("journal", new Dictionary<string, string> { ["unit"] = unit });
        if (!check.IsValid)
        {
            throw new MaintenanceConfigurationException($"Cannot follow the journal of '{unit}' on '{host.Name}': {check.Refusal}");
        }

        _host = host;
        Unit = unit;
        _pool = pool;
        _time = time;
        Cursor = cursor;
    }

    public string Host => _host.Name;

    public string Unit { get; }

    public string? Cursor { get; private set; }

    public async Task<TailPoll> PollAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var leased = await _pool.LeaseAsync(_host, deadline.Token).ConfigureAwait(false);
            if (leased.Lease is not { } lease)
            {
                return Failed(leased.Failure, leased.Message);
            }

            using (lease)
            {
                try
                {
                    var range = Cursor is null ? "-n 1" : $"--after-cursor '{Cursor}'";
                    var result = await lease.Session.ExecuteAsync($"journalctl -u '{Unit}' -o short-iso --no-pager --show-cursor {range}", MaxOutputChars, deadline.Token)
                        .ConfigureAwait(false);
                    if (result.ExitCode != 0)
                    {
                        return Failed(CommandStatus.NonZeroExit, $"journalctl exit {result.ExitCode}: {result.Error.Trim()}");
                    }

                    return Parse(result.Output, firstContact: Cursor is null);
                }
                catch (SshSessionLostException ex)
                {
                    lease.MarkBroken();
                    return Failed(CommandStatus.ConnectionLost, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(CommandStatus.TimedOut, $"journalctl on {_host.Name} took longer than {timeout}.");
        }
    }

    private TailPoll Parse(string output, bool firstContact)
    {
        var records = new List<LogRecord>();
        var receivedAt = _time.GetUtcNow();
        string? cursor = null;
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith(CursorPrefix, StringComparison.Ordinal))
            {
                cursor = line[CursorPrefix.Length..].Trim();
            }
            else if (!firstContact && LogLineParser.TryParse(line, LogLineFormat.JournalShortIso, _host.Name, Unit, receivedAt, out var record))
            {
                records.Add(record);
            }
        }

        // The cursor comes from the remote host and goes back into a command line: accept only its documented alphabet.
        if (cursor is not null && CursorPattern().IsMatch(cursor))
        {
            Cursor = cursor;
        }
        else if (cursor is not null)
        {
            return Failed(CommandStatus.NonZeroExit, "journalctl returned a cursor with unexpected characters; ignoring it.");
        }

        return new TailPoll(records, CommandStatus.Succeeded, "", false, false, TailPosition.Unknown);
    }

    private TailPoll Failed(CommandStatus status, string message) => new([], status, message, false, false, TailPosition.Unknown);

    [GeneratedRegex("^[A-Za-z0-9=;_-]{1,512}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex CursorPattern();
}
