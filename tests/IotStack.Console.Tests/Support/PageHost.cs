using IotStack.Gateway.Auth;
using IotStack.Gateway.Dashboard;
using IotStack.Gateway.Dashboard.Readings;
using IotStack.Gateway.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace IotStack.Console.Tests.Support;

/// <summary>
/// A real SQLite gateway store in a temporary folder and the console's services, for rendering pages to HTML
/// (<see cref="ConsoleHtml"/>) without a running gateway.
/// </summary>
internal sealed class PageHost : IAsyncDisposable
{
    private readonly string _folder;
    private readonly ServiceProvider _services;

    private PageHost(string folder, SqliteGatewayStore store)
    {
        _folder = folder;
        Store = store;
        _services = ConsoleHtml.Services(store, Latest);
    }

    public SqliteGatewayStore Store { get; }

    public LatestReadings Latest { get; } = new();

    public static async Task<PageHost> StartAsync()
    {
        string folder = Path.Combine(Path.GetTempPath(), "iotstack-pages-" + Guid.NewGuid().ToString("N")[..8]);
        var store = new SqliteGatewayStore(Path.Combine(folder, "pages.db"));
        await store.InitializeAsync(CancellationToken.None);
        return new PageHost(folder, store);
    }

    public Task<string> RenderAsync<TPage>(ConsoleRole role = ConsoleRole.Viewer, IReadOnlyDictionary<string, object?>? parameters = null)
        where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        var http = new DefaultHttpContext { RequestServices = _services.CreateScope().ServiceProvider };
        http.User = ConsoleClaims.Principal(new ConsoleIdentity("vic", role), ConsolePolicies.CookieScheme);
        return ConsoleHtml.RenderAsync<TPage>(http, parameters);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await _services.DisposeAsync();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
