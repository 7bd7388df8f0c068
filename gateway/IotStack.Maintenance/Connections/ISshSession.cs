namespace IotStack.Maintenance.Connections;

/// <summary>An open, authenticated SSH connection that runs one exec channel at a time.</summary>
internal interface ISshSession : IDisposable
{
    bool IsConnected { get; }

    /// <summary>Runs <paramref name="commandText"/> in an exec channel (RFC 4254 §6.5); output beyond <paramref name="maxOutputChars"/> is cut.</summary>
    /// <param name="encoding">How output bytes become text; Latin-1 maps each byte to one char, for byte-exact offsets.</param>
    Task<RemoteExecution> ExecuteAsync(string commandText, int maxOutputChars, CancellationToken cancellationToken, System.Text.Encoding? encoding = null);
}
