using System.Collections.Concurrent;
using System.Net;

namespace IotStack.Gateway.Auth;

/// <summary>
/// Refuses sign-in for a user name from a client address after <see cref="ConsoleOptions.MaxSignInFailures"/>
/// failures within <see cref="ConsoleOptions.SignInWindow"/>, even with the right password, until the oldest of
/// those failures leaves the window (OWASP Authentication Cheat Sheet, "Account lockout"). Keyed by name and
/// address together, so a guesser elsewhere cannot lock the real user out of their own machine. A refused attempt
/// is not checked against the password hash at all, which also keeps PBKDF2 from being a CPU lever.
/// </summary>
internal sealed class SignInThrottle(ConsoleOptions options, TimeProvider time)
{
    // Bounds memory under a spray of distinct names: entries whose failures have all aged out are dropped past this size.
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>When sign-in is refused, the time it is allowed again; null when the attempt may proceed.</summary>
    public DateTimeOffset? LockedUntil(string user, IPAddress? address)
    {
        if (!_failures.TryGetValue(Key(user, address), out Queue<DateTimeOffset>? failures))
        {
            return null;
        }

        DateTimeOffset now = time.GetUtcNow();
        lock (failures)
        {
            Expire(failures, now);
            return failures.Count >= options.MaxSignInFailures ? failures.Peek() + options.SignInWindow : null;
        }
    }

    public void Failed(string user, IPAddress? address)
    {
        DateTimeOffset now = time.GetUtcNow();
        if (_failures.Count > PruneAbove)
        {
            Prune(now);
        }

        Queue<DateTimeOffset> failures = _failures.GetOrAdd(Key(user, address), _ => new Queue<DateTimeOffset>());
        lock (failures)
        {
            Expire(failures, now);
            failures.Enqueue(now);
        }
    }

    public void Succeeded(string user, IPAddress? address) => _failures.TryRemove(Key(user, address), out _);

    private void Expire(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        while (failures.Count > 0 && now - failures.Peek() >= options.SignInWindow)
        {
            failures.Dequeue();
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, failures) in _failures)
        {
            lock (failures)
            {
                Expire(failures, now);
                if (failures.Count == 0)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }
    }

    private static string Key(string user, IPAddress? address) => user.ToLowerInvariant() + "|" + (address?.ToString() ?? "?");
}
