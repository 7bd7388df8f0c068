using System.Text;
using IotStack.Gateway.Options;
using IotStack.Gateway.Storage;
using IotStack.Protocol;
using Microsoft.Extensions.Options;

namespace IotStack.Gateway.Broker.Access;

/// <summary>
/// The boards allowed on the broker, one line per board (<c>fleet TAB device TAB $7$hash</c>) in
/// <see cref="BrokerOptions.DevicesFile"/>, mode 0600, rewritten whole through a temporary file and a rename so a
/// crash never leaves half a file. Only hashes are kept: a secret exists in clear only in the answer to
/// <see cref="Issue"/> (and in the board's config file). <see cref="Changed"/> tells the broker side to drop a revoked
/// board and Mosquitto's files to follow.
/// </summary>
internal sealed class DeviceCredentialStore
{
    private readonly string _path;
    private readonly object _gate = new();
    private Dictionary<string, DeviceCredential> _byUser = new(StringComparer.Ordinal);

    public DeviceCredentialStore(IOptions<GatewayOptions> options)
        : this(DefaultPath(options.Value))
    {
    }

    private static string DefaultPath(GatewayOptions options)
    {
        if (options.Broker.DevicesFile.Length > 0)
        {
            return options.Broker.DevicesFile;
        }

        string? folder = options.Storage.Provider == StorageProvider.Sqlite ? Path.GetDirectoryName(options.Storage.SqlitePath) : null;
        return Path.Combine(string.IsNullOrEmpty(folder) ? ".iotstack" : folder, "mqtt-devices");
    }

    public DeviceCredentialStore(string path)
    {
        _path = Path.GetFullPath(path);
        Load();
    }

    /// <summary>Raised after an issue or a revocation, with the board concerned and whether it may still connect.</summary>
    public event Action<DeviceCredential, bool>? Changed;

    public string FilePath => _path;

    public IReadOnlyList<DeviceCredential> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _byUser.Values.OrderBy(c => c.UserName, StringComparer.Ordinal)];
            }
        }
    }

    public DeviceCredential? Find(string? userName)
    {
        if (userName is null)
        {
            return null;
        }

        lock (_gate)
        {
            return _byUser.GetValueOrDefault(userName);
        }
    }

    /// <summary>A new secret for the board (replacing any earlier one, which stops working at once); returns it in clear, once.</summary>
    public string Issue(string fleet, string device)
    {
        if (!DeviceTopics.IsValidId(fleet) || !DeviceTopics.IsValidId(device))
        {
            throw new ArgumentException("Fleet and device ids must be 1-64 of [A-Za-z0-9_.-].");
        }

        string secret = SecretHash.NewSecret();
        var credential = new DeviceCredential(fleet, device, SecretHash.Hash(secret));
        lock (_gate)
        {
            if (_byUser.TryGetValue(credential.UserName, out DeviceCredential? other) && (other.Fleet != fleet || other.Device != device))
            {
                // "a.b"+"c" and "a"+"b.c" share a user name: refuse rather than let one board act as the other.
                throw new ArgumentException($"User name '{credential.UserName}' already belongs to fleet '{other.Fleet}', device '{other.Device}'.");
            }

            var next = new Dictionary<string, DeviceCredential>(_byUser, StringComparer.Ordinal) { [credential.UserName] = credential };
            Save(next);
            _byUser = next;
        }

        Changed?.Invoke(credential, true);
        return secret;
    }

    /// <summary>Removes the board's credential; false when it had none.</summary>
    public bool Revoke(string fleet, string device)
    {
        DeviceCredential? removed;
        lock (_gate)
        {
            if (!_byUser.TryGetValue(DeviceCredential.UserNameOf(fleet, device), out removed) || removed.Fleet != fleet)
            {
                return false;
            }

            var next = new Dictionary<string, DeviceCredential>(_byUser, StringComparer.Ordinal);
            next.Remove(removed.UserName);
            Save(next);
            _byUser = next;
        }

        Changed?.Invoke(removed, false);
        return true;
    }

    /// <summary>The fleets a device id has a credential in (the API names devices by id alone).</summary>
    public IReadOnlyList<DeviceCredential> ForDevice(string device)
    {
        lock (_gate)
        {
            return [.. _byUser.Values.Where(c => c.Device == device)];
        }
    }

    private void Load()
    {
        if (!File.Exists(_path))
        {
            return;
        }

        var loaded = new Dictionary<string, DeviceCredential>(StringComparer.Ordinal);
        foreach (string line in File.ReadAllLines(_path))
        {
            string[] fields = line.Split('\t');
            if (line.StartsWith('#') || fields.Length != 3 || !DeviceTopics.IsValidId(fields[0]) || !DeviceTopics.IsValidId(fields[1]))
            {
                continue;
            }

            var credential = new DeviceCredential(fields[0], fields[1], fields[2]);
            loaded[credential.UserName] = credential;
        }

        _byUser = loaded;
    }

    private void Save(Dictionary<string, DeviceCredential> credentials)
    {
        var text = new StringBuilder("# IotStack board credentials: fleet, device, PBKDF2-SHA512 hash (Mosquitto $7$). Written by the gateway.\n");
        foreach (DeviceCredential c in credentials.Values.OrderBy(c => c.UserName, StringComparer.Ordinal))
        {
            text.Append(c.Fleet).Append('\t').Append(c.Device).Append('\t').Append(c.SecretHash).Append('\n');
        }

        PrivateFiles.WriteAtomically(_path, text.ToString());
    }
}
