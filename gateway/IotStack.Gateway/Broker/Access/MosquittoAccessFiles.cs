using System.Diagnostics;
using System.Globalization;
using System.Text;
using IotStack.Gateway.Storage;
using IotStack.Protocol;

namespace IotStack.Gateway.Broker.Access;

/// <summary>
/// The same identities and <see cref="TopicPolicy"/> for Mosquitto: a <c>password_file</c> (the gateway's user and
/// every board, hashes only, Mosquitto's own <c>$7$</c> encoding) and an <c>acl_file</c> in which each board may write
/// only its own board → gateway topics and read only its own command and OTA topics, and the gateway may read and
/// write <c>iot/#</c> and <c>iotstack/#</c>. Anything not granted is denied, so no board (and no anonymous client:
/// <c>allow_anonymous false</c>) can subscribe to <c>#</c>. After writing, Mosquitto is told to reload (SIGHUP, when
/// its pid file is known): Mosquitto 2 then re-checks connected clients and disconnects a revoked board at once.
/// </summary>
internal static class MosquittoAccessFiles
{
    public const string PasswordFileName = "passwd";
    public const string AclFileName = "acl";

    /// <param name="claimTokens">Enrolment tokens neither revoked nor expired: their <c>claim@{id}</c> users.</param>
    public static string PasswordFile(string gatewayUser, string gatewaySecretHash, IEnumerable<DeviceCredential> boards, IEnumerable<ClaimToken>? claimTokens = null)
    {
        var text = new StringBuilder();
        text.Append(gatewayUser).Append(':').Append(gatewaySecretHash).Append('\n');
        foreach (DeviceCredential board in boards)
        {
            text.Append(board.UserName).Append(':').Append(board.SecretHash).Append('\n');
        }

        foreach (ClaimToken token in claimTokens ?? [])
        {
            text.Append(token.UserName).Append(':').Append(token.SecretHash).Append('\n');
        }

        return text.ToString();
    }

    /// <param name="claims">Whether claim sessions may connect (a live token exists): adds the claim patterns.</param>
    public static string AclFile(string gatewayUser, IEnumerable<DeviceCredential> boards, bool claims = false)
    {
        var text = new StringBuilder("# Written by the IotStack gateway (docs/security.md); edits are overwritten.\n");
        text.Append("user ").Append(gatewayUser).Append('\n')
            .Append("topic readwrite iot/#\n")
            .Append("topic readwrite iotstack/#\n");
        foreach (DeviceCredential board in boards)
        {
            var topics = new DeviceTopics(board.Fleet, board.Device);
            text.Append('\n').Append("user ").Append(board.UserName).Append('\n');
            foreach (TopicKind kind in TopicPolicy.BoardPublishes)
            {
                text.Append("topic write ").Append(Topic(topics, kind)).Append('\n');
            }

            foreach (TopicKind kind in TopicPolicy.BoardSubscribes)
            {
                text.Append("topic read ").Append(Topic(topics, kind)).Append('\n');
            }
        }

        if (claims)
        {
            // Mosquitto cannot tie a pattern to the claim users (patterns apply to every user), so the topics are named
            // after the client id (%c): a claim session writes only its own request and reads only its own reply. A board
            // may write a request under its own client id too; the gateway refuses it (no token secret, and a claim
            // session id never contains '.').
            text.Append('\n')
                .Append("pattern write ").Append(DeviceTopics.Root).Append("/+/%c/").Append(DeviceTopics.Suffix(TopicKind.ClaimRequest)).Append('\n')
                .Append("pattern read ").Append(DeviceTopics.Root).Append("/+/%c/").Append(DeviceTopics.Suffix(TopicKind.ClaimReply)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Writes both files into <paramref name="folder"/> (0600) and asks the Mosquitto in <paramref name="pidFile"/> to reload.</summary>
    public static void Write(string folder, string gatewayUser, string gatewaySecretHash, IReadOnlyList<DeviceCredential> boards, string? pidFile,
        IReadOnlyList<ClaimToken>? liveClaimTokens = null)
    {
        liveClaimTokens ??= [];
        PrivateFiles.WriteAtomically(Path.Combine(folder, PasswordFileName), PasswordFile(gatewayUser, gatewaySecretHash, boards, liveClaimTokens));
        PrivateFiles.WriteAtomically(Path.Combine(folder, AclFileName), AclFile(gatewayUser, boards, liveClaimTokens.Count > 0));
        if (pidFile is { Length: > 0 } && File.Exists(pidFile)
            && int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
        {
            Reload(pid);
        }
    }

    private static void Reload(int pid)
    {
        // .NET has no kill(pid, SIGHUP); kill(1) is on every system Mosquitto runs on.
        using Process? kill = Process.Start(new ProcessStartInfo("kill", ["-HUP", pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        kill?.WaitForExit(5000);
    }

    private static string Topic(DeviceTopics topics, TopicKind kind) => DeviceTopics.Root + "/" + topics.Fleet + "/" + topics.Device + "/" + DeviceTopics.Suffix(kind);
}
