using System.Net.Http.Json;
using System.Threading.Channels;
using IotStack.Gateway.Metrics;
using IotStack.Gateway.Options;
using IotStack.Gateway.Resilience;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IotStack.Gateway.Alerts;

/// <summary>
/// Delivers alert notifications off the alert path: always to the log, and to each configured webhook as a
/// JSON POST retried with exponential backoff. A bounded queue drops the oldest notification when a webhook
/// is down for long, so alerting itself never stalls.
/// </summary>
internal sealed partial class NotificationDispatcher : BackgroundService, IAlertNotifier
{
    private readonly Channel<AlertNotification> _queue = Channel.CreateBounded<AlertNotification>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly AlertOptions _options;
    private readonly HttpClient _http;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<NotificationDispatcher> _logger;
    private readonly DependencyHealth _health;

    public NotificationDispatcher(IOptions<GatewayOptions> options, IHttpClientFactory http, GatewayMetrics metrics, TimeProvider time, ILogger<NotificationDispatcher> logger,
        DependencyHealth? health = null)
    {
        _health = health ?? new DependencyHealth(time);
        _options = options.Value.Alerts;
        _http = http.CreateClient(nameof(NotificationDispatcher));
        _http.Timeout = _options.WebhookTimeout;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    /// <summary>How /health names the webhooks while deliveries fail.</summary>
    public const string Dependency = "webhook:notifications";

    public void Notify(AlertNotification notification)
    {
        AlertRecord a = notification.Alert;
        LogNotification(notification.Event, a.Id, a.DeviceId, a.Channel, a.Rule, a.Severity, a.Message);
        _metrics.NotificationLogged();
        if (_options.Webhooks.Count > 0)
        {
            _queue.Writer.TryWrite(notification);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (AlertNotification notification in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                foreach (string hook in _options.Webhooks)
                {
                    bool delivered = await PostAsync(hook, notification, stoppingToken).ConfigureAwait(false);
                    _metrics.Notified(delivered);
                    if (delivered)
                    {
                        _health.Succeeded(Dependency);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> PostAsync(string hook, AlertNotification notification, CancellationToken cancellationToken)
    {
        var body = new
        {
            @event = notification.Event,
            at = notification.At,
            alert = Api.AlertDto.From(notification.Alert),
        };
        TimeSpan delay = TimeSpan.FromMilliseconds(500);
        for (int attempt = 1; attempt <= _options.WebhookAttempts; attempt++)
        {
            try
            {
                using HttpResponseMessage response = await _http.PostAsJsonAsync(hook, body, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }

                LogWebhookFailed(hook, attempt, $"HTTP {(int)response.StatusCode}");
                _health.Failed(Dependency, $"HTTP {(int)response.StatusCode}");
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // A refused connection, or HttpClient's own timeout (a TaskCanceledException that is not our stop).
                LogWebhookFailed(hook, attempt, ex.Message);
                _health.Failed(Dependency, FailureClassifier.Describe(ex));   // not the URL: /health is anonymous and hooks carry tokens
            }

            if (attempt < _options.WebhookAttempts)
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                delay *= 2;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {Event}: #{Id} {DeviceId} ch{Channel} {Rule} {Severity}: {Message}")]
    private partial void LogNotification(string @event, long id, string deviceId, int channel, string rule, AlertSeverity severity, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Hook} attempt {Attempt} failed: {Reason}")]
    private partial void LogWebhookFailed(string hook, int attempt, string reason);
}
