using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using IotStack.Firmware.Host.Hal;
using IotStack.Gateway.Broker.Access;
using IotStack.Gateway.Broker.Tls;
using IotStack.Gateway.Tests.Support;
using IotStack.TestServices;
using MQTTnet;
using MQTTnet.Formatter;

namespace IotStack.Gateway.Tests.Broker.Access;

/// <summary>
/// A private Mosquitto set up as the gateway sets one up: it loads the password file and ACL that
/// <see cref="MosquittoAccessFiles"/> writes for the gateway's account and two boards, plant.a and plant.b; with TLS,
/// also a listener with the certificate of the gateway's local CA (<see cref="LocalCertificateAuthority"/>), which every
/// client then pins as the boards do (<see cref="BrokerCaPin"/>).
/// </summary>
internal sealed class MosquittoAccessRig : IAsyncDisposable
{
    public const string GatewayUser = "iotstack-gateway";
    public const string Fleet = "plant";
    private readonly TempDirectory _dir = new();
    private readonly DeviceCredentialStore _store;
    private PrivateMosquitto? _broker;
    private X509Certificate2? _ca;

    private MosquittoAccessRig()
    {
        _store = new DeviceCredentialStore(_dir.File("mqtt-devices"));
        SecretA = _store.Issue(Fleet, "a");
        SecretB = _store.Issue(Fleet, "b");
        WriteFiles();
    }

    public string GatewaySecret { get; } = SecretHash.NewSecret();

    /// <summary>The secret of plant.a (user name and client id).</summary>
    public string SecretA { get; }

    public string SecretB { get; }

    public PrivateMosquitto Broker => _broker ?? throw new InvalidOperationException("not started");

    public static async Task<MosquittoAccessRig> StartAsync(bool tls)
    {
        var rig = new MosquittoAccessRig();
        try
        {
            TestCertificates? certificates = null;
            if (tls)
            {
                string folder = rig._dir.File("tls");
                rig._ca = LocalCertificateAuthority.LoadOrCreate(folder, [], TimeProvider.System, out _).Ca;
                certificates = TestCertificates.FromFolder(folder);
            }

            rig._broker = await PrivateMosquitto.StartAsync(tls: certificates, access: AccessSettings(rig._dir.Path));
            return rig;
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
    }

    /// <summary>Mosquitto's settings that load the access files in <paramref name="folder"/> and refuse anonymous clients.</summary>
    public static string AccessSettings(string folder) => string.Join('\n',
        "allow_anonymous false",
        "password_file " + Path.Combine(folder, MosquittoAccessFiles.PasswordFileName),
        "acl_file " + Path.Combine(folder, MosquittoAccessFiles.AclFileName));

    /// <summary>Revokes a board as <c>MosquittoAccessSync</c> does: the files rewritten, then SIGHUP to Mosquitto.</summary>
    /// <returns>Whether the board had a credential.</returns>
    public async Task<bool> RevokeAsync(string device)
    {
        bool revoked = _store.Revoke(Fleet, device);
        string pidFile = _dir.File("mosquitto.pid");
        await File.WriteAllTextAsync(pidFile, Broker.ProcessId.ToString(CultureInfo.InvariantCulture));
        WriteFiles(pidFile);
        return revoked;
    }

    /// <summary>Options for a client of this broker: over TLS pinned to the gateway's local CA when the rig has TLS.</summary>
    public MqttClientOptions Options(string? user, string? secret, string clientId, MqttProtocolVersion version = MqttProtocolVersion.V500)
    {
        MqttClientOptionsBuilder builder = _ca is null
            ? new MqttClientOptionsBuilder().WithTcpServer(Broker.Host, Broker.Port)
            : new MqttClientOptionsBuilder().WithTcpServer(Broker.Host, Broker.TlsPort).WithBrokerCa(Broker.Host, _ca);
        builder = builder.WithClientId(clientId).WithProtocolVersion(version).WithCleanSession();
        return (user is null ? builder : builder.WithCredentials(user, secret)).Build();
    }

    /// <summary>The CONNACK's code for these credentials (the client disconnects again).</summary>
    public async Task<MqttClientConnectResultCode> ConnectCodeAsync(string? user, string? secret, string clientId)
    {
        using IMqttClient client = new MqttClientFactory().CreateMqttClient();
        try
        {
            MqttClientConnectResult result = await client.ConnectAsync(Options(user, secret, clientId));
            await client.DisconnectAsync();
            return result.ResultCode;
        }
        catch (MQTTnet.Adapter.MqttConnectingFailedException ex)
        {
            // MQTTnet 5 names the CONNACK's reason code in the message only.
            return Enum.GetValues<MqttClientConnectResultCode>().FirstOrDefault(
                c => c != MqttClientConnectResultCode.Success && ex.Message.Contains(c.ToString(), StringComparison.Ordinal),
                MqttClientConnectResultCode.UnspecifiedError);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        _ca?.Dispose();
        _dir.Dispose();
    }

    private void WriteFiles(string? pidFile = null) =>
        MosquittoAccessFiles.Write(_dir.Path, GatewayUser, SecretHash.Hash(GatewaySecret), _store.All, pidFile);
}
