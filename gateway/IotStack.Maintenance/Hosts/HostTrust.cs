using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Renci.SshNet;

namespace IotStack.Maintenance.Hosts;

/// <summary>
/// Support for <c>iotstack hosts trust &lt;host&gt;</c>: show the key a host presents (the operator compares it out of
/// band, e.g. with <c>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</c> on the console), then pin it in the config file.
/// Fetching never authenticates and never trusts: the handshake is aborted right after the key arrives.
/// </summary>
internal static class HostTrust
{
    public static async Task<HostKeyProbe> FetchFingerprintAsync(string address, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string? fingerprint = null;
        string? keyType = null;
        var info = new ConnectionInfo(address, port, "iotstack-probe", new NoneAuthenticationMethod("iotstack-probe")) { Timeout = timeout };
        using var client = new SshClient(info);
        client.HostKeyReceived += (_, e) =>
        {
            fingerprint = HostKeyPin.Prefix + e.FingerPrintSHA256;
            keyType = e.HostKeyName;
            e.CanTrust = false;
        };

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await client.ConnectAsync(deadline.Token).WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (fingerprint is null)
        {
            return new HostKeyProbe(address, port, null, null, $"{ex.GetType().Name}: {ex.Message}");
        }
        catch (Exception) when (fingerprint is not null)
        {
            // Expected: refusing the key aborts the handshake.
        }

        return new HostKeyProbe(address, port, fingerprint, keyType, null);
    }

    public static Task<HostKeyProbe> FetchFingerprintAsync(HostOptions host, TimeSpan timeout, CancellationToken cancellationToken) =>
        FetchFingerprintAsync(host.Address, host.Port, timeout, cancellationToken);

    /// <summary>
    /// Sets <c>Maintenance:Hosts[Name=hostName]:HostKeyFingerprint</c> in a JSON configuration file (appsettings.json
    /// style, comments allowed). Call only after the operator confirmed the fingerprint. The file is replaced atomically.
    /// </summary>
    public static async Task<TrustRecordResult> RecordFingerprintAsync(string configPath, string hostName, string fingerprint, CancellationToken cancellationToken)
    {
        if (!HostKeyPin.IsWellFormed(fingerprint))
        {
            return TrustRecordResult.InvalidFingerprint;
        }

        JsonNode? root;
        try
        {
            var text = await File.ReadAllTextAsync(configPath, cancellationToken).ConfigureAwait(false);
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException)
        {
            return TrustRecordResult.InvalidConfigFile;
        }

        var hosts = FindProperty(FindProperty(root as JsonObject, MaintenanceOptions.SectionName) as JsonObject, "Hosts") as JsonArray;
        var entry = hosts?.OfType<JsonObject>().FirstOrDefault(h =>
            FindProperty(h, "Name") is JsonValue name && name.TryGetValue<string>(out var n) && string.Equals(n, hostName, StringComparison.OrdinalIgnoreCase));
        if (entry is null)
        {
            return TrustRecordResult.HostNotFound;
        }

        var key = entry.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, "HostKeyFingerprint", StringComparison.OrdinalIgnoreCase)) ?? "HostKeyFingerprint";
        if (entry[key] is JsonValue current && current.TryGetValue<string>(out var pinned) && pinned == fingerprint)
        {
            return TrustRecordResult.Unchanged;
        }

        entry[key] = fingerprint;
        var temp = configPath + ".tmp";
        await File.WriteAllTextAsync(temp, root!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), cancellationToken).ConfigureAwait(false);
        File.Move(temp, configPath, overwrite: true);
        return TrustRecordResult.Recorded;
    }

    // .NET configuration keys are case-insensitive; the file may spell them either way.
    private static JsonNode? FindProperty(JsonObject? node, string name) =>
        node?.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
