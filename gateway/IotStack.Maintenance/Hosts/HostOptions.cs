namespace IotStack.Maintenance.Hosts;

/// <summary>One Linux host reachable over SSH, bound from <c>Maintenance:Hosts:N</c>.</summary>
internal sealed class HostOptions
{
    public string Name { get; set; } = "";

    public string Address { get; set; } = "";

    public int Port { get; set; } = 22;

    public string User { get; set; } = "";

    /// <summary>OpenSSH private key (Ed25519 keys load directly).</summary>
    public string KeyFile { get; set; } = "";

    public string? KeyPassphrase { get; set; }

    public List<string> Groups { get; set; } = [];

    /// <summary>Pinned host key as <c>ssh-keygen -l</c> prints it: "SHA256:…". Empty means "not trusted yet": every connection is refused.</summary>
    public string HostKeyFingerprint { get; set; } = "";

    public override string ToString() => $"{Name} ({User}@{Address}:{Port})";
}
