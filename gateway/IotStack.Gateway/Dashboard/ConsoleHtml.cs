using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.Web.HtmlRendering;
using IotStack.Gateway.Dashboard.Readings;
using IotStack.Gateway.Storage;

namespace IotStack.Gateway.Dashboard;

/// <summary>
/// Renders a console page to a string outside an HTTP response, with the same component and the same cascaded
/// HttpContext the endpoint uses: for the console bench (page time at 1,000 devices) and page tests.
/// </summary>
internal static class ConsoleHtml
{
    /// <summary>What a page needs outside a gateway host: the store, the latest readings, antiforgery and the backends.</summary>
    public static ServiceProvider Services(IGatewayStore store, LatestReadings latest)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAntiforgery();
        services.AddSingleton(store);
        services.AddSingleton(latest);
        services.AddSingleton<ConsoleBackends>();
        return services.BuildServiceProvider();
    }

    public static async Task<string> RenderAsync<TPage>(HttpContext http, IReadOnlyDictionary<string, object?>? parameters = null)
        where TPage : IComponent
    {
        await using var renderer = new HtmlRenderer(http.RequestServices, http.RequestServices.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            RenderFragment page = builder =>
            {
                builder.OpenComponent<TPage>(0);
                foreach (var (name, value) in parameters ?? new Dictionary<string, object?>())
                {
                    builder.AddComponentParameter(1, name, value);
                }

                builder.CloseComponent();
            };
            var root = new Dictionary<string, object?>
            {
                [nameof(CascadingValue<HttpContext>.Value)] = http,
                [nameof(CascadingValue<HttpContext>.ChildContent)] = page,
            };
            // Stays on the renderer's dispatcher (no ConfigureAwait(false)): the output is read there.
            HtmlRootComponent output = await renderer.RenderComponentAsync<CascadingValue<HttpContext>>(ParameterView.FromDictionary(root));
            await output.QuiescenceTask;
            return output.ToHtmlString();
        }).ConfigureAwait(false);
    }
}
