using Microsoft.AspNetCore.Components;

namespace IotStack.Gateway.Dashboard.Components;

/// <summary>
/// Base of the console's components: the request they render for (caller, antiforgery token, backends, "now"),
/// from the HttpContext that static server rendering cascades. Public only because Razor generates public component
/// classes and a base class must be as visible; its members stay internal.
/// </summary>
public abstract class ConsoleComponent : ComponentBase
{
    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    internal ConsoleRequest Request =>
        ConsoleRequest.From(HttpContext ?? throw new InvalidOperationException("The console renders on the server (static SSR), with an HttpContext."));
}
