using IotStack.Gateway.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IotStack.Gateway.Broker.Access;

/// <summary>
/// With an external Mosquitto and <see cref="BrokerOptions.MosquittoAccessFolder"/> set, keeps Mosquitto's password and
/// ACL files in step with the board credentials: written at start (before the gateway connects) and after every issue
/// or revocation, then Mosquitto reloads them.
/// </summary>
internal sealed partial class MosquittoAccessSync(IOptions<GatewayOptions> options, DeviceCredentialStore devices, GatewayMqttCredentials gateway, ILogger<MosquittoAccessSync> logger)
    : IHostedService
{
    private readonly object _gate = new();

    private BrokerOptions Broker => options.Value.Broker;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Broker.Mode != BrokerMode.External || Broker.MosquittoAccessFolder.Length == 0)
        {
            return Task.CompletedTask;
        }

        if (gateway.Secret is null)
        {
            throw new InvalidOperationException("IotStack:Broker:MosquittoAccessFolder needs IotStack:Broker:Password: the gateway's own user goes into Mosquitto's password file.");
        }

        Write();
        devices.Changed += OnChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        devices.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    private void OnChanged(DeviceCredential board, bool allowed) => Write();

    private void Write()
    {
        lock (_gate)
        {
            IReadOnlyList<DeviceCredential> boards = devices.All;
            MosquittoAccessFiles.Write(Broker.MosquittoAccessFolder, gateway.UserName, SecretHash.Hash(gateway.Secret!), boards, Broker.MosquittoPidFile);
            LogWritten(Broker.MosquittoAccessFolder, boards.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mosquitto password and ACL files written to {Folder} ({Boards} boards)")]
    private partial void LogWritten(string folder, int boards);
}
