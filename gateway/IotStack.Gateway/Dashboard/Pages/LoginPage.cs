using static IotStack.Gateway.Dashboard.Rendering.Html;

namespace IotStack.Gateway.Dashboard.Pages;

internal static class LoginPage
{
    public static string Render(string csrf, string returnUrl, string? error) =>
        "<h1>Sign in</h1>"
        + (error is null ? "" : $"<p class=\"error\" role=\"alert\">{E(error)}</p>")
        + $"<form method=\"post\" class=\"login\" action=\"{Rendering.ConsoleLayout.Base}/login\">{CsrfField(csrf)}"
        + $"<input type=\"hidden\" name=\"return\" value=\"{E(returnUrl)}\">"
        + "<label>User <input name=\"user\" id=\"user\" autocomplete=\"username\" required></label>"
        + "<label>Password <input name=\"password\" id=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>"
        + "<button type=\"submit\" id=\"sign-in\">Sign in</button></form>";
}
