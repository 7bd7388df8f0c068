using System.Globalization;
using System.Text;

namespace IotStack.Maintenance.FanOut;

internal sealed record FanOutResult(Guid JobId, string Template, string Target, IReadOnlyList<FanOutHostResult> Hosts, bool Halted, string HaltReason, TimeSpan Elapsed)
{
    public int Succeeded => Hosts.Count(h => h.State == FanOutHostState.Succeeded);

    public int Failed => Hosts.Count(h => h.State == FanOutHostState.Failed);

    public int Skipped => Hosts.Count(h => h.State == FanOutHostState.Skipped);

    /// <summary>Plain-text table for the CLI and logs: host, state, attempts, time, why.</summary>
    public string ToTable()
    {
        var width = Math.Max(4, Hosts.Count == 0 ? 4 : Hosts.Max(h => h.Host.Length + (h.Canary ? 9 : 0)));
        var table = new StringBuilder();
        table.Append(CultureInfo.InvariantCulture, $"{"HOST".PadRight(width)}  {"STATE",-9}  TRIES  {"TIME",7}  DETAIL\n");
        foreach (var row in Hosts)
        {
            var name = row.Canary ? row.Host + " (canary)" : row.Host;
            var time = row.Outcome is null ? "-" : $"{row.Outcome.Duration.TotalSeconds:0.00}s";
            table.Append(CultureInfo.InvariantCulture, $"{name.PadRight(width)}  {row.State,-9}  {row.Attempts,5}  {time,7}  {row.Reason}\n");
        }

        table.Append(CultureInfo.InvariantCulture, $"{Succeeded} succeeded, {Failed} failed, {Skipped} skipped in {Elapsed.TotalSeconds:0.00}s");
        if (Halted)
        {
            table.Append(CultureInfo.InvariantCulture, $"; HALTED: {HaltReason}");
        }

        return table.ToString();
    }
}
