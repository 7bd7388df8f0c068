namespace IotStack.Gateway.Options;

/// <summary>
/// MQTT over TLS, section <c>IotStack:Broker:Tls</c>. Embedded broker: a TLS listener on <see cref="Port"/> with the
/// configured certificate, or with one the first run issues from a local CA (<see cref="Folder"/>). External broker:
/// the gateway connects with TLS when <see cref="CaFile"/> names the CA that signed the broker's certificate.
/// </summary>
internal sealed class BrokerTlsOptions
{
    /// <summary>Embedded broker: open the TLS listener (boards pin its CA).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Embedded broker's TLS port: 8883 (MQTT over TLS's IANA port) by default, 0 = pick a free one. Unset while
    /// <c>Broker:Port</c> is 0, it is picked too (tests and the demo run side by side).
    /// </summary>
    public int? Port { get; set; }

    public const int DefaultPort = 8883;

    /// <summary>PEM server certificate (with <see cref="KeyFile"/>); empty = issue one from the local CA.</summary>
    public string CertificateFile { get; set; } = "";

    /// <summary>PEM private key of <see cref="CertificateFile"/>.</summary>
    public string KeyFile { get; set; } = "";

    /// <summary>PEM CA certificate boards and the gateway trust (pin); empty with the embedded broker = the local CA.</summary>
    public string CaFile { get; set; } = "";

    /// <summary>Where the local CA and the server certificate it issues live (created 0700, files 0600).</summary>
    public string Folder { get; set; } = ".iotstack/tls";

    /// <summary>The port to listen on (0 = a free one), given the plain port.</summary>
    public int PortFor(int plainPort) => Port ?? (plainPort == 0 ? 0 : DefaultPort);

    /// <summary>Names and addresses boards dial besides localhost, 127.0.0.1 and ::1 (subject alternative names).</summary>
    public List<string> HostNames { get; set; } = new();
}
