using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace IotStack.Gateway.Resilience;

/// <summary>
/// Runs work against one dependency until it succeeds or fails for a permanent reason: transient failures are retried
/// with capped exponential backoff (Polly, on the gateway clock: 100 ms doubling to 10 s, no jitter so a fake clock can
/// drive it), for as long as it takes. The caller holds its acknowledgements meanwhile, so the broker keeps the
/// messages and the ingest queue's backpressure slows the broker's delivery; nothing is lost and nothing throws out of
/// a hosted service. A permanent failure comes back as a value (<see cref="Refusal"/>), never as an exception.
/// </summary>
internal sealed partial class DependencyRetry
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    private readonly ResiliencePipeline _pipeline;
    private readonly DependencyHealth _health;
    private readonly string _dependency;
    private readonly ILogger _logger;

    public DependencyRetry(string dependency, DependencyHealth health, TimeProvider time, ILogger logger, Action? onFailure = null)
    {
        _dependency = dependency;
        _health = health;
        _logger = logger;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Exception is { } ex && ex is not OperationCanceledException && FailureClassifier.Classify(ex) == FailureKind.Transient),
                MaxRetryAttempts = int.MaxValue,
                Delay = FirstDelay,
                MaxDelay = MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                OnRetry = args =>
                {
                    string error = FailureClassifier.Describe(args.Outcome.Exception!);
                    _health.Failed(_dependency, error);
                    onFailure?.Invoke();
                    LogRetrying(_dependency, args.RetryDelay, args.AttemptNumber + 1, error);
                    return default;
                },
            })
            .Build();
    }

    public string Dependency => _dependency;

    /// <summary>Runs <paramref name="work"/>; returns null when it succeeded, or why it was refused for good.</summary>
    public async ValueTask<string?> RunAsync<TState>(Func<TState, CancellationToken, ValueTask> work, TState state, CancellationToken cancellationToken)
    {
        try
        {
            await _pipeline.ExecuteAsync(static (s, ct) => s.work(s.state, ct), (work, state), cancellationToken).ConfigureAwait(false);
            _health.Succeeded(_dependency);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Only permanent failures get here (transient ones are retried until they pass): the dependency answered.
            _health.Succeeded(_dependency);
            string reason = FailureClassifier.Describe(ex);
            LogRefused(ex, _dependency, reason);
            return reason;
        }
    }

    /// <summary>Runs <paramref name="work"/> until it succeeds; a permanent failure is thrown to the caller, who splits the work.</summary>
    public async ValueTask<T> RunUntilDoneAsync<T>(Func<CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken)
    {
        T result = await _pipeline.ExecuteAsync(static (w, ct) => w(ct), work, cancellationToken).ConfigureAwait(false);
        _health.Succeeded(_dependency);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Dependency} failed (attempt {Attempt}, {Error}); retrying in {Delay}, messages stay unacknowledged")]
    private partial void LogRetrying(string dependency, TimeSpan delay, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Dependency} refused a message for good ({Reason}); it goes to quarantine")]
    private partial void LogRefused(Exception exception, string dependency, string reason);
}
