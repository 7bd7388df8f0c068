using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace IotStack.Gateway.Dashboard.Rendering;

/// <summary>Small helpers for server-rendered HTML: every value from a device, host or user goes through <see cref="E"/>.</summary>
internal static class Html
{
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public static string U(string? text) => UrlEncoder.Default.Encode(text ?? "");

    public static string N(double value, string format = "0.##") =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "–";

    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z" : "–";

    /// <summary>"3 s ago", "5 min ago": what an operator scans for on the fleet page.</summary>
    public static string Ago(DateTimeOffset then, DateTimeOffset now)
    {
        TimeSpan age = now - then;
        return age.TotalSeconds < 0 ? "just now"
            : age.TotalSeconds < 90 ? $"{age.TotalSeconds:0} s ago"
            : age.TotalMinutes < 90 ? $"{age.TotalMinutes:0} min ago"
            : age.TotalHours < 36 ? $"{age.TotalHours:0} h ago"
            : $"{age.TotalDays:0} d ago";
    }

    /// <summary>A POST form protected by the antiforgery token; <paramref name="confirm"/> asks before submitting (console.js).</summary>
    public static void ActionForm(StringBuilder html, string action, string csrf, string label, string cssClass, string? confirm = null, string fields = "")
    {
        html.Append("<form method=\"post\" class=\"inline\" action=\"").Append(E(action)).Append('"');
        if (confirm is not null)
        {
            html.Append(" data-confirm=\"").Append(E(confirm)).Append('"');
        }

        html.Append('>').Append(CsrfField(csrf)).Append(fields)
            .Append("<button type=\"submit\" class=\"").Append(cssClass).Append("\">").Append(E(label)).Append("</button></form>");
    }

    public static string CsrfField(string csrf) => $"<input type=\"hidden\" name=\"{ConsoleLayout.CsrfField}\" value=\"{E(csrf)}\">";

    public static string NotAvailable(string what) =>
        $"<p class=\"na\" data-state=\"not-available\">{E(what)} is not available on this gateway.</p>";
}
