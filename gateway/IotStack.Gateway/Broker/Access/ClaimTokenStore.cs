using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using IotStack.Gateway.Storage;
using IotStack.Protocol;

namespace IotStack.Gateway.Broker.Access;

/// <summary>
/// Enrolment tokens, kept like the board credentials (<see cref="DeviceCredentialStore"/>): one line per token in
/// <c>mqtt-claim-tokens</c> beside the devices file, mode 0600, rewritten whole through a rename, hashes only. The
/// clear token exists only in the answer to <see cref="Create"/>. A claim is checked and recorded under one lock, so two
/// boards racing for the same device id or the last place on a token cannot both win.
/// </summary>
internal sealed class ClaimTokenStore
{
    public const string FileName = "mqtt-claim-tokens";

    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private Dictionary<string, ClaimToken> _byId = new(StringComparer.Ordinal);

    public ClaimTokenStore(DeviceCredentialStore devices, TimeProvider time)
        : this(Path.Combine(Path.GetDirectoryName(devices.FilePath) ?? ".", FileName), time)
    {
    }

    public ClaimTokenStore(string path, TimeProvider time)
    {
        _path = Path.GetFullPath(path);
        _time = time;
        Load();
    }

    /// <summary>Raised after a token is created or revoked, so Mosquitto's password file follows.</summary>
    public event Action? Changed;

    public string FilePath => _path;

    public IReadOnlyList<ClaimToken> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _byId.Values.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal)];
            }
        }
    }

    public ClaimToken? Find(string? id)
    {
        if (id is null)
        {
            return null;
        }

        lock (_gate)
        {
            return _byId.GetValueOrDefault(id);
        }
    }

    /// <summary>A new token for <paramref name="fleet"/>; returns it and its clear text <c>{id}.{secret}</c>, once.</summary>
    public (ClaimToken Token, string Text) Create(string fleet, TimeSpan lifetime, int maxBoards)
    {
        if (!DeviceTopics.IsValidId(fleet))
        {
            throw new ArgumentException("Fleet id must be 1-64 of [A-Za-z0-9_.-].");
        }

        if (lifetime <= TimeSpan.Zero || lifetime > TimeSpan.FromDays(30))
        {
            throw new ArgumentException("A claim token lives more than 0 s and at most 30 days: it is meant for one enrolment session.");
        }

        if (maxBoards is < 1 or > 100_000)
        {
            throw new ArgumentException("--max-boards must be 1 to 100000.");
        }

        string secret = SecretHash.NewSecret();
        DateTimeOffset now = _time.GetUtcNow();
        var token = new ClaimToken(RandomNumberGenerator.GetHexString(12, lowercase: true), fleet, SecretHash.Hash(secret), now, now + lifetime, maxBoards, false, []);
        Update(token);
        return (token, token.Id + "." + secret);
    }

    /// <summary>Revokes a token (boards already enrolled keep their credentials); false when unknown.</summary>
    public bool Revoke(string id)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(id, out ClaimToken? token))
            {
                return false;
            }

            if (!token.Revoked)
            {
                Save(token with { Revoked = true });
            }
        }

        Changed?.Invoke();
        return true;
    }

    /// <summary>True when <paramref name="secret"/> is the secret of a token that may be used right now.</summary>
    public bool Authenticates(string id, string? secret, out ClaimToken? token)
    {
        token = Find(id);
        return token is not null && token.IsLive(_time.GetUtcNow()) && SecretHash.Verify(secret, token.SecretHash);
    }

    /// <summary>
    /// Checks a claim of <paramref name="device"/> in <paramref name="fleet"/> and, when it may go ahead
    /// (<paramref name="taken"/> says whether the device already has a credential), records the device on the token
    /// before the caller issues its credential: a crash in between leaves a device that cannot claim again (the
    /// operator then uses <c>iotstack devices add</c>), never two credentials from one place on a token.
    /// </summary>
    public ClaimStatus Reserve(string id, string? secret, string fleet, string device, Func<bool> taken)
    {
        if (!DeviceTopics.IsValidId(device))
        {
            return ClaimStatus.Invalid;
        }

        lock (_gate)
        {
            if (!_byId.TryGetValue(id, out ClaimToken? token) || token.Fleet != fleet || !SecretHash.Verify(secret, token.SecretHash))
            {
                return ClaimStatus.BadToken;
            }

            if (token.Revoked)
            {
                return ClaimStatus.Revoked;
            }

            if (_time.GetUtcNow() >= token.ExpiresAt)
            {
                return ClaimStatus.Expired;
            }

            if (token.Claimed.Contains(device, StringComparer.Ordinal) || taken())
            {
                return ClaimStatus.AlreadyClaimed;
            }

            if (token.Claimed.Count >= token.MaxBoards)
            {
                return ClaimStatus.Exhausted;
            }

            Save(token with { Claimed = [.. token.Claimed, device] });
        }

        return ClaimStatus.Issued;
    }

    private void Update(ClaimToken token)
    {
        lock (_gate)
        {
            Save(token);
        }

        Changed?.Invoke();
    }

    /// <summary>Writes the store with <paramref name="token"/> replaced or added; caller holds <see cref="_gate"/>.</summary>
    private void Save(ClaimToken token)
    {
        var next = new Dictionary<string, ClaimToken>(_byId, StringComparer.Ordinal) { [token.Id] = token };
        var text = new StringBuilder("# IotStack claim tokens: id, fleet, PBKDF2-SHA512 hash ($7$), created and expiry (Unix ms), max boards, revoked, claimed devices. Written by the gateway.\n");
        foreach (ClaimToken t in next.Values.OrderBy(t => t.Id, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{t.Id}\t{t.Fleet}\t{t.SecretHash}\t{t.CreatedAt.ToUnixTimeMilliseconds()}\t{t.ExpiresAt.ToUnixTimeMilliseconds()}\t{t.MaxBoards}\t{(t.Revoked ? 1 : 0)}\t{string.Join(',', t.Claimed)}\n");
        }

        PrivateFiles.WriteAtomically(_path, text.ToString());
        _byId = next;
    }

    private void Load()
    {
        if (!File.Exists(_path))
        {
            return;
        }

        var loaded = new Dictionary<string, ClaimToken>(StringComparer.Ordinal);
        foreach (string line in File.ReadAllLines(_path))
        {
            string[] f = line.Split('\t');
            if (line.StartsWith('#') || f.Length != 8 || !DeviceTopics.IsValidId(f[0]) || !DeviceTopics.IsValidId(f[1])
                || !long.TryParse(f[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out long created)
                || !long.TryParse(f[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out long expires)
                || !int.TryParse(f[5], NumberStyles.None, CultureInfo.InvariantCulture, out int max))
            {
                continue;
            }

            string[] claimed = f[7].Split(',', StringSplitOptions.RemoveEmptyEntries);
            loaded[f[0]] = new ClaimToken(f[0], f[1], f[2], DateTimeOffset.FromUnixTimeMilliseconds(created), DateTimeOffset.FromUnixTimeMilliseconds(expires), max, f[6] == "1", claimed);
        }

        _byId = loaded;
    }
}
