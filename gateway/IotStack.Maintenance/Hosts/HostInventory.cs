namespace IotStack.Maintenance.Hosts;

/// <summary>The configured hosts, looked up by name or group (case-insensitive, as operators type them).</summary>
internal sealed class HostInventory
{
    private readonly Dictionary<string, HostOptions> _byName;

    public HostInventory(IEnumerable<HostOptions> hosts)
    {
        _byName = new Dictionary<string, HostOptions>(StringComparer.OrdinalIgnoreCase);
        foreach (var host in hosts)
        {
            if (string.IsNullOrWhiteSpace(host.Name))
            {
                throw new MaintenanceConfigurationException("A host in Maintenance:Hosts has no Name.");
            }

            if (!_byName.TryAdd(host.Name, host))
            {
                throw new MaintenanceConfigurationException($"Host '{host.Name}' is listed twice in Maintenance:Hosts.");
            }
        }
    }

    public IReadOnlyCollection<HostOptions> All => _byName.Values;

    public HostOptions? Find(string name) => _byName.GetValueOrDefault(name);

    public IReadOnlyList<HostOptions> InGroup(string group) =>
        _byName.Values.Where(h => h.Groups.Contains(group, StringComparer.OrdinalIgnoreCase)).OrderBy(h => h.Name, StringComparer.Ordinal).ToList();

    /// <summary>Resolves a target that is either a group name or a host name (group wins, as in Ansible inventories).</summary>
    public IReadOnlyList<HostOptions> Resolve(string groupOrHost)
    {
        var inGroup = InGroup(groupOrHost);
        if (inGroup.Count > 0)
        {
            return inGroup;
        }

        return Find(groupOrHost) is { } host ? [host] : [];
    }
}
