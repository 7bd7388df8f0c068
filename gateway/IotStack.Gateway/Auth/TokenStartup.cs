namespace IotStack.Gateway.Auth;

/// <summary>Loads the token directory at start, so the local admin token file exists (and its path is logged) before the first API call.</summary>
internal sealed class TokenStartup(TokenDirectory tokens) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = tokens.LocalTokenFile;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
