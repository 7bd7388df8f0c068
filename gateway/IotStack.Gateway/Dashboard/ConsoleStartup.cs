using IotStack.Gateway.Auth;

namespace IotStack.Gateway.Dashboard;

/// <summary>Loads the user directory at start, so a first-run admin password is printed when the gateway starts, not at the first login.</summary>
internal sealed class ConsoleStartup(UserDirectory users) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = users.UserNames;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
