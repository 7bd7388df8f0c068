namespace IotStack.Gateway.Broker;

/// <summary>
/// Where the gateway's own MQTT clients connect (<see cref="WaitConnectionAsync"/>): the configured external broker, or
/// the embedded one once it listens (its ports may be picked at start). <see cref="TlsListener"/> is what boards dial.
/// </summary>
internal sealed class BrokerEndpoint
{
    private readonly TaskCompletionSource<BrokerConnection> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set(BrokerConnection connection, BrokerConnection? tlsListener = null)
    {
        TlsListener = tlsListener;
        _ready.TrySetResult(connection);
    }

    public void Set(string host, int port) => Set(new BrokerConnection(host, port));

    public Task<BrokerConnection> WaitConnectionAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    public async Task<(string Host, int Port)> WaitAsync(CancellationToken cancellationToken)
    {
        BrokerConnection connection = await WaitConnectionAsync(cancellationToken).ConfigureAwait(false);
        return (connection.Host, connection.Port);
    }

    public (string Host, int Port)? Current => _ready.Task.IsCompletedSuccessfully ? (_ready.Task.Result.Host, _ready.Task.Result.Port) : null;

    /// <summary>The embedded broker's TLS listener and its CA (boards pin it), once started; null without one.</summary>
    public BrokerConnection? TlsListener { get; private set; }

    /// <summary>
    /// Where boards are told to connect (an issued credential, an enrolment token): the TLS listener and the PEM of the
    /// CA they pin when there is one, otherwise the plain endpoint and no CA (host and port null until it is known).
    /// </summary>
    public (string? Host, int? Port, string? CaPem) ForBoards()
    {
        if (TlsListener is { Ca: { } ca } tls)
        {
            return (tls.Host, tls.Port, ca.ExportCertificatePem());
        }

        (string Host, int Port)? broker = Current;
        return (broker?.Host, broker?.Port, null);
    }
}
