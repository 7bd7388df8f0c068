using System.Net;
using System.Net.Sockets;
using IotStack.Gateway.Alerts;
using IotStack.Gateway.Tests.Support;
using IotStack.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IotStack.Gateway.Tests.Alerts;

/// <summary>
/// A webhook that accepts the connection and never answers: each attempt ends in HttpClient's timeout, a
/// TaskCanceledException that is not the gateway's stop. Before the fix it escaped the dispatcher and stopped the host.
/// </summary>
public sealed class NotificationDispatcherTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly SilentListener _hook = new();
    private TestGateway? _gateway;

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync(new()
        {
            ["IotStack:Broker:Mode"] = "Embedded",
            ["IotStack:Storage:SqlitePath"] = _dir.File("webhook.db"),
            ["IotStack:Channels:1:Max"] = "30",
            ["IotStack:Alerts:Webhooks:0"] = $"http://127.0.0.1:{_hook.Port}/hook?token=secret",
            ["IotStack:Alerts:WebhookAttempts"] = "2",
            ["IotStack:Alerts:WebhookTimeout"] = "00:00:01",
        });
        await _gateway.WaitConnectedAsync();
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        _hook.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Webhook_ThatNeverAnswers_EachAttemptTimesOutThenTheNotificationCountsFailedAndTheGatewayRuns()
    {
        var lifetime = _gateway!.App.Services.GetRequiredService<IHostApplicationLifetime>();
        using HttpClient http = ApiClient.Anonymous(_gateway.App);
        var topics = new DeviceTopics("fleet1", "hook-dev");
        long now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        await using (TestPublisher publisher = await _gateway.PublisherAsync())
        {
            await publisher.PublishAsync(topics.Telemetry, Frames.Telemetry(1, now - 2_000, temperature: 42f));
        }

        // Retried as documented (Alerts:WebhookAttempts), then counted as failed: nothing more is sent for it.
        await Eventually.TrueAsync(() => Task.FromResult(_gateway.Metrics.NotificationsFailed == 1), "the notification counted as failed", seconds: 60);
        Assert.Equal(2, _hook.Accepted);
        Assert.Equal(0, _gateway.Metrics.NotificationsSent);

        using HttpResponseMessage health = await http.GetAsync(new Uri("/health", UriKind.Relative));
        string body = await health.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains($"\"{NotificationDispatcher.Dependency}\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", body, StringComparison.Ordinal);

        // Still running: the host was not stopped, and ingest and the dispatcher keep working.
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, "the webhook timeout stopped the gateway");
        await using (TestPublisher publisher = await _gateway.PublisherAsync())
        {
            await publisher.PublishAsync(topics.Telemetry, Frames.Telemetry(2, now - 1_000, temperature: 21f));
        }

        await Eventually.TrueAsync(async () => (await _gateway.Store.ReadSequencesAsync("hook-dev", CancellationToken.None)).Count == 2, "the next batch stored");
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, "the gateway stopped");
    }

    /// <summary>A loopback TCP listener that accepts connections, counts them and never writes a byte back.</summary>
    private sealed class SilentListener : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<TcpClient> _held = [];
        private readonly CancellationTokenSource _stop = new();
        private int _accepted;

        public SilentListener()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Accepted => Volatile.Read(ref _accepted);

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    lock (_held)
                    {
                        _held.Add(client);
                    }

                    Interlocked.Increment(ref _accepted);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (SocketException)
            {
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_held)
            {
                _held.ForEach(c => c.Dispose());
            }

            _stop.Dispose();
        }
    }
}
