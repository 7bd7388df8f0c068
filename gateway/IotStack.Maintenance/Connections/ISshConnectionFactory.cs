using IotStack.Maintenance.Hosts;

namespace IotStack.Maintenance.Connections;

/// <summary>Opens authenticated SSH sessions. The seam lets tests count connection attempts and benches swap transports.</summary>
internal interface ISshConnectionFactory
{
    Task<SshConnectResult> ConnectAsync(HostOptions host, CancellationToken cancellationToken);
}
