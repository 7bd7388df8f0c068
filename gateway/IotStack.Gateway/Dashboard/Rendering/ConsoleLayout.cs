using System.Text;
using IotStack.Gateway.Auth;
using static IotStack.Gateway.Dashboard.Rendering.Html;

namespace IotStack.Gateway.Dashboard.Rendering;

/// <summary>The page shell: head, navigation, who is signed in, and the live-update hook for console.js.</summary>
internal static class ConsoleLayout
{
    public const string Base = "/console";
    public const string CsrfField = "__csrf";

    private static readonly (string Key, string Label, string Path)[] Sections =
    [
        ("fleet", "Fleet", Base),
        ("alerts", "Alerts", Base + "/alerts"),
        ("logs", "Logs", Base + "/logs"),
        ("hosts", "Hosts", Base + "/hosts"),
        ("ota", "OTA", Base + "/ota"),
    ];

    /// <param name="live">When set, console.js listens to the console's event stream and re-renders &lt;main&gt; on change.</param>
    public static string Page(string title, string active, ConsoleIdentity? user, string csrf, string body, bool live = false)
    {
        var html = new StringBuilder(body.Length + 2048);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(E(title)).Append(" · IotStack</title>")
            .Append("<link rel=\"stylesheet\" href=\"").Append(Base).Append("/assets/console.css\">")
            .Append("<script src=\"").Append(Base).Append("/assets/console.js\" defer></script></head>")
            .Append("<body data-page=\"").Append(E(active)).Append('"');
        if (live)
        {
            html.Append(" data-live=\"").Append(Base).Append("/events\"");
        }

        html.Append("><header><a class=\"brand\" href=\"").Append(Base).Append("\">IotStack</a><nav>");
        if (user is not null)
        {
            foreach (var (key, label, path) in Sections)
            {
                html.Append("<a href=\"").Append(path).Append('"').Append(key == active ? " class=\"active\"" : "").Append('>').Append(label).Append("</a>");
            }
        }

        html.Append("</nav>");
        if (user is not null)
        {
            html.Append("<span class=\"who\" id=\"who\">").Append(E(user.Name)).Append(" <small>")
                .Append(ConsoleClaims.RoleName(user.Role)).Append("</small></span>");
            ActionForm(html, Base + "/logout", csrf, "Sign out", "link");
        }

        html.Append("</header><main id=\"main\">").Append(body).Append("</main></body></html>");
        return html.ToString();
    }
}
