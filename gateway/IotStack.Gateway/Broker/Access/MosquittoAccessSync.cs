using IotStack.Gateway.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IotStack.Gateway.Broker.Access;

/// <summary>
/// With an external Mosquitto and <see cref="BrokerOptions.MosquittoAccessFolder"/> set, keeps Mosquitto's password and
/// ACL files in step with the board credentials: written at start (before the gateway connects) and after every issue
/// or revocation, then Mosquitto reloads them.
/// Live claim tokens go into the password file as <c>claim@{id}</c> users; Mosquitto cannot see a token expire, so the
/// files are rewritten at each token's expiry too (a timer), and the gateway refuses a claim on an expired token anyway.
/// </summary>
internal sealed partial class MosquittoAccessSync(IOptions<GatewayOptions> options, DeviceCredentialStore devices, ClaimTokenStore claims, GatewayMqttCredentials gateway,
    TimeProvider time, ILogger<MosquittoAccessSync> logger)
    : IHostedService, IDisposable
{
    private readonly object _gate = new();
    private ITimer? _expiry;

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
        claims.Changed += Write;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        devices.Changed -= OnChanged;
        claims.Changed -= Write;
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _expiry?.Dispose();
            _expiry = null;
        }
    }

    private void OnChanged(DeviceCredential board, bool allowed) => Write();

    private void Write()
    {
        lock (_gate)
        {
            IReadOnlyList<DeviceCredential> boards = devices.All;
            DateTimeOffset now = time.GetUtcNow();
            // Used-up tokens stay until they expire: dropping one at its last claim would make Mosquitto (on SIGHUP) cut that
            // board's claim session before the reply reaches it. The gateway refuses further claims itself.
            ClaimToken[] live = [.. claims.All.Where(t => !t.Revoked && now < t.ExpiresAt)];
            MosquittoAccessFiles.Write(Broker.MosquittoAccessFolder, gateway.UserName, SecretHash.Hash(gateway.Secret!), boards, Broker.MosquittoPidFile, live);
            LogWritten(Broker.MosquittoAccessFolder, boards.Count, live.Length);
            _expiry?.Dispose();
            _expiry = live.Length == 0 ? null
                : time.CreateTimer(_ => Write(), null, live.Min(t => t.ExpiresAt) - now + TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mosquitto password and ACL files written to {Folder} ({Boards} boards, {ClaimTokens} live claim tokens)")]
    private partial void LogWritten(string folder, int boards, int claimTokens);
}
