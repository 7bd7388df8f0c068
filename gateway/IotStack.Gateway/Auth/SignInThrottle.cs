using System.Collections.Concurrent;
using System.Net;

namespace IotStack.Gateway.Auth;

/// <summary>
/// Slows password guessing for a user name from a client address with growing delays instead of a lockout: after
/// <see cref="ConsoleOptions.MaxSignInFailures"/> failures within <see cref="ConsoleOptions.SignInWindow"/>, the next
/// attempt must wait <see cref="ConsoleOptions.SignInDelay"/> after the last failure, doubling with each further failure
/// up to <see cref="ConsoleOptions.MaxSignInDelay"/> (OWASP Authentication Cheat Sheet, "Account lockout": a lockout
/// lets anyone who can reach the sign-in page deny it to the real user). Whoever fails on purpose can hold one name and
/// address back by at most the cap per attempt, never for the whole window, while a guesser gets one try per cap
/// (about 2,900 a day at 30 s). An attempt made during the delay is refused without checking the password (PBKDF2 is
/// no CPU lever then) and does not count as a failure, so it does not lengthen the delay. Keyed by name and address
/// together, so a guesser elsewhere slows only themselves.
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
            int over = failures.Count - options.MaxSignInFailures;
            if (over < 0)
            {
                return null;
            }

            DateTimeOffset until = failures.Last() + Delay(over);
            return until > now ? until : null;
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

    /// <summary>SignInDelay × 2^over, capped; the shift is bounded so a long run of failures cannot overflow it.</summary>
    private TimeSpan Delay(int over)
    {
        TimeSpan delay = options.SignInDelay * (1L << Math.Min(over, 20));
        return delay < options.MaxSignInDelay ? delay : options.MaxSignInDelay;
    }

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
