using System.Globalization;

namespace IotStack.Gateway.Tests.Support;

/// <summary>
/// One scrape of a Prometheus text exposition: the value of each series, keyed by its name and its labels as
/// written (<c>iotstack_notifications_sent_total{channel="log"}</c>), with the OpenTelemetry scope labels left out.
/// </summary>
internal sealed class PrometheusScrape
{
    private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);

    private PrometheusScrape(string text)
    {
        Text = text;
        foreach (string line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            // name{labels} value [timestamp]
            int close = line.LastIndexOf('}');
            int space = line.IndexOf(' ', close < 0 ? 0 : close);
            string series = line[..space];
            string[] rest = line[(space + 1)..].Split(' ');
            _values[WithoutScope(series)] = double.Parse(rest[0], CultureInfo.InvariantCulture);
        }
    }

    public string Text { get; }

    public static async Task<PrometheusScrape> ReadAsync(HttpClient http) =>
        new(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

    /// <summary>The series' value; fails with the whole scrape in the message when it is missing.</summary>
    public double this[string series] =>
        _values.TryGetValue(series, out double value) ? value : throw new KeyNotFoundException($"{series} not in the scrape:\n{Text}");

    public bool Has(string series) => _values.ContainsKey(series);

    public bool HasNameStartingWith(string prefix) => _values.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal));

    private static string WithoutScope(string series)
    {
        int open = series.IndexOf('{');
        if (open < 0)
        {
            return series;
        }

        string[] labels = series[(open + 1)..^1].Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith("otel_scope_", StringComparison.Ordinal))
            .ToArray();
        return labels.Length == 0 ? series[..open] : $"{series[..open]}{{{string.Join(',', labels)}}}";
    }
}
