namespace IotStack.Maintenance.Hosts;

/// <summary>A host key as presented by a server, or why none was obtained.</summary>
internal sealed record HostKeyProbe(string Address, int Port, string? Fingerprint, string? KeyType, string? Error)
{
    public bool Succeeded => Fingerprint is not null;
}
