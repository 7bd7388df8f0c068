using IotStack.Firmware.Host.Claim;
using IotStack.Firmware.Host.Fleet;
using IotStack.Firmware.Host.Hal;
using IotStack.Gateway.Broker.Access;
using IotStack.Gateway.Storage;
using IotStack.Gateway.Tests.Support;
using IotStack.Protocol;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace IotStack.Gateway.Tests.Broker.Access;

/// <summary>
/// The claim flow of issue #15 on the embedded broker: a board trades an enrolment token for its own credential over
/// MQTT and then works as itself; a device id is claimable once; expired, revoked and used-up tokens are refused; the
/// claim identity can touch nothing but its own claim topics; nothing secret reaches the log. The token store runs on
/// a fake clock (the rest of the gateway on the real one), so expiry is a clock step, not a wait.
/// </summary>
public sealed class ClaimFlowTests : ClaimGatewayTests
{
    private const string Fleet = "claims";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Claim_NewBoard_GetsOwnCredentialAndItsTelemetryIsStored()
    {
        ClaimTokenText token = NewToken(maxBoards: 5);
        var (host, port) = await BrokerAsync();

        ClaimOutcome outcome = await BoardClaimant.ClaimAsync(host, port, null, token, Fleet, "new-1", Patience, CancellationToken.None);

        Assert.True(outcome.Issued, outcome.ToString());
        Assert.Equal(DeviceCredential.UserNameOf(Fleet, "new-1"), outcome.Credential!.User);
        Assert.NotNull(Devices.Find(outcome.Credential.User));
        Assert.Equal(["new-1"], Tokens.Find(token.Id)!.Claimed);
        Assert.Equal(1, Metrics.ClaimsIssued);
        // The board reconnects as itself and works like any enrolled board.
        using IMqttClient board = await ConnectAsync(outcome.Credential.User, outcome.Credential.Secret, outcome.Credential.User);
        var topics = new DeviceTopics(Fleet, "new-1");
        MqttClientPublishResult sent = await PublishAsync(board, topics.Telemetry, Frames.Telemetry(1, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds()));
        Assert.Equal(MqttClientPublishReasonCode.Success, sent.ReasonCode);
        IGatewayStore store = Store;
        await Eventually.TrueAsync(async () => await store.ReadDeviceAsync("new-1", CancellationToken.None) is not null, "the claimed board's telemetry stored");
        // At rest the gateway holds hashes only.
        string tokenFile = await File.ReadAllTextAsync(Tokens.FilePath);
        Assert.DoesNotContain(token.Secret, tokenFile, StringComparison.Ordinal);
        Assert.DoesNotContain(outcome.Credential.Secret, await File.ReadAllTextAsync(Devices.FilePath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Claim_SameDeviceAgainOrEnrolledDevice_RefusedAndFirstCredentialStillWorks()
    {
        ClaimTokenText token = NewToken(maxBoards: 5);
        var (host, port) = await BrokerAsync();
        ClaimOutcome first = await BoardClaimant.ClaimAsync(host, port, null, token, Fleet, "once", Patience, CancellationToken.None);
        Assert.True(first.Issued, first.ToString());
        Devices.Issue(Fleet, "added-by-hand");
        long refusedBefore = Metrics.ClaimsRefused;

        ClaimOutcome again = await BoardClaimant.ClaimAsync(host, port, null, token, Fleet, "once", Patience, CancellationToken.None);
        ClaimOutcome enrolled = await BoardClaimant.ClaimAsync(host, port, null, token, Fleet, "added-by-hand", Patience, CancellationToken.None);

        Assert.Equal(ClaimStatus.AlreadyClaimed, again.Status);
        Assert.Equal(ClaimStatus.AlreadyClaimed, enrolled.Status);
        Assert.Equal(refusedBefore + 2, Metrics.ClaimsRefused);
        // A refused claim replaced nothing: the first board's secret still opens its session.
        using IMqttClient board = await ConnectAsync(first.Credential!.User, first.Credential.Secret, first.Credential.User);
        Assert.True(board.IsConnected);
    }

    [Fact]
    public async Task Claim_ExpiredToken_RefusedAtConnectAndAtRequest()
    {
        ClaimTokenText token = NewToken(maxBoards: 5, lifetime: TimeSpan.FromHours(1));
        string session = NewSession();
        using IMqttClient early = await ConnectAsync(token.User, token.Secret, session);   // connected while the token was live

        TokenClock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        ClaimReply reply = await AskAsync(early, session, token, "late-1");
        Assert.Equal(ClaimStatus.Expired, reply.Status);
        Assert.Equal("", reply.Secret);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await ConnectCodeAsync(token.User, token.Secret, NewSession()));
        Assert.Null(Devices.Find(DeviceCredential.UserNameOf(Fleet, "late-1")));
    }

    [Fact]
    public async Task Claim_RevokedToken_RefusedAndOpenSessionDropped()
    {
        ClaimTokenText token = NewToken(maxBoards: 5);
        string session = NewSession();
        using IMqttClient open = await ConnectAsync(token.User, token.Secret, session);
        var (host, port) = await BrokerAsync();

        Assert.True(Tokens.Revoke(token.Id));

        ClaimOutcome outcome = await BoardClaimant.ClaimAsync(host, port, null, token, Fleet, "rev-1", Patience, CancellationToken.None);
        Assert.False(outcome.Issued);
        Assert.Null(outcome.Status);                                                  // refused at CONNECT: no session to answer
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await ConnectCodeAsync(token.User, token.Secret, NewSession()));
        // The session opened before the revocation asks anyway: its publish is refused and the connection closed.
        var request = new ClaimRequest { TokenId = token.Id, Secret = token.Secret, Device = "rev-2" };
        byte[] frame = new byte[request.FrameLength];
        request.WriteTo(frame, 0);
        try
        {
            await PublishAsync(open, DeviceTopics.ClaimRequestTopic(Fleet, session), frame);
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
        {
            // Closed under the publish: the same outcome.
        }

        await Eventually.TrueAsync(() => Task.FromResult(!open.IsConnected), "revoked token's session dropped");
        Assert.Null(Devices.Find(DeviceCredential.UserNameOf(Fleet, "rev-2")));
    }

    [Fact]
    public async Task Claim_TokenUsedUp_FurtherBoardsRefused()
    {
        ClaimTokenText token = NewToken(maxBoards: 1);
        var (host, port) = await BrokerAsync();

        ClaimOutcome first = await BoardClaimant.ClaimAsync(host, port, null, token, Fleet, "only-1", Patience, CancellationToken.None);
        ClaimOutcome second = await BoardClaimant.ClaimAsync(host, port, null, token, Fleet, "only-2", Patience, CancellationToken.None);

        Assert.True(first.Issued, first.ToString());
        Assert.False(second.Issued);
        Assert.Null(Devices.Find(DeviceCredential.UserNameOf(Fleet, "only-2")));
    }

    [Fact]
    public async Task ClaimSession_OutsideItsOwnClaimTopics_RefusedEverywhere()
    {
        ClaimTokenText token = NewToken(maxBoards: 5);
        string session = NewSession();
        using IMqttClient claim = await ConnectAsync(token.User, token.Secret, session);
        long publishRefused = Metrics.MqttPublishRefused;
        var someBoard = new DeviceTopics(Fleet, "some-board");
        var ownAsDevice = new DeviceTopics(Fleet, session);
        byte[] telemetry = Frames.Telemetry(1, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());

        MqttClientPublishResult[] publishes =
        [
            await PublishAsync(claim, someBoard.Telemetry, telemetry),
            await PublishAsync(claim, ownAsDevice.Telemetry, telemetry),
            await PublishAsync(claim, ownAsDevice.Status, Frames.Status(DeviceState.Offline)),
            await PublishAsync(claim, DeviceTopics.ClaimRequestTopic(Fleet, NewSession()), [1]),
            await PublishAsync(claim, DeviceTopics.ClaimReplyTopic(Fleet, session), [1]),
        ];
        MqttClientSubscribeResult subscribed = await claim.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter("#")
            .WithTopicFilter("iot/" + Fleet + "/+/claim/reply")
            .WithTopicFilter(DeviceTopics.ClaimReplyTopic(Fleet, NewSession()))
            .WithTopicFilter(someBoard.Command)
            .WithTopicFilter(DeviceTopics.ClaimReplyTopic(Fleet, session))
            .Build());

        Assert.All(publishes, p => Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, p.ReasonCode));
        Assert.Equal(publishRefused + publishes.Length, Metrics.MqttPublishRefused);
        MqttClientSubscribeResultCode[] codes = [.. subscribed.Items.Select(i => i.ResultCode)];
        Assert.All(codes[..^1], c => Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, c));
        Assert.True(codes[^1] <= MqttClientSubscribeResultCode.GrantedQoS2);
        IGatewayStore store = Store;
        Assert.Null(await store.ReadDeviceAsync("some-board", CancellationToken.None));
        // A claim session under a board-shaped client id could take over that board's session: refused.
        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, await ConnectCodeAsync(token.User, token.Secret, Fleet + ".some-board"));
        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, await ConnectCodeAsync(token.User, token.Secret, "claim-x." + Fleet));
    }

    [Fact]
    public async Task Logs_ClaimsIssuedAndRefused_NameClientIdsNeverSecrets()
    {
        ClaimTokenText token = NewToken(maxBoards: 5);
        var (host, port) = await BrokerAsync();
        ClaimOutcome issued = await BoardClaimant.ClaimAsync(host, port, null, token, Fleet, "logged-1", Patience, CancellationToken.None);
        Assert.True(issued.Issued, issued.ToString());
        const string WrongSecret = "wrong-secret-that-must-not-be-logged-0123456789";
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await ConnectCodeAsync(token.User, WrongSecret, NewSession()));
        // A live session whose request carries a wrong secret: refused by the gateway, with the session's client id.
        string session = NewSession();
        using IMqttClient claim = await ConnectAsync(token.User, token.Secret, session);
        ClaimReply bad = await AskAsync(claim, session, token with { Secret = WrongSecret }, "logged-2");
        Assert.Equal(ClaimStatus.BadToken, bad.Status);

        string[] entries = [.. Logs.Entries];
        Assert.Contains(entries, e => e.Contains("Claim refused for client " + session, StringComparison.Ordinal) && e.Contains(nameof(ClaimStatus.BadToken), StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Contains(issued.Credential!.User + " claimed", StringComparison.Ordinal));
        foreach (string secret in new[] { token.Secret, WrongSecret, issued.Credential!.Secret })
        {
            Assert.DoesNotContain(entries, e => e.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task FleetClaim_FirstStartClaimsRestartReusesStoredCredentials()
    {
        ClaimTokenText token = NewToken(maxBoards: 2);
        var (host, port) = await BrokerAsync();
        var options = new FleetOptions { Devices = 2, RateHz = 2, BatchSamples = 1, BrokerHost = host, BrokerPort = port, Fleet = Fleet, DevicePrefix = "vclaim-", DataDirectory = Dir.File("boards") };

        IReadOnlyDictionary<string, BrokerCredential>? first = await FleetClaim.RunAsync(options, token, TextWriter.Null, Patience, CancellationToken.None);
        Assert.NotNull(first);
        string file = ClaimedCredentialFile.PathFor(options.DataDirectory, "vclaim-0000");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        // A restart after the token is gone: the boards use what they stored and claim nothing.
        Assert.True(Tokens.Revoke(token.Id));
        long issuedBefore = Metrics.ClaimsIssued;
        IReadOnlyDictionary<string, BrokerCredential>? second = await FleetClaim.RunAsync(options, token, TextWriter.Null, Patience, CancellationToken.None);

        Assert.NotNull(second);
        Assert.Equal(first.OrderBy(p => p.Key).Select(p => p.Value.Secret), second.OrderBy(p => p.Key).Select(p => p.Value.Secret));
        Assert.Equal(issuedBefore, Metrics.ClaimsIssued);
        // The virtual boards run on the claimed credentials and their telemetry is stored.
        using var fleet = new VirtualFleet(options with { DeviceCredentials = id => second.GetValueOrDefault(id) }, TimeProvider.System);
        fleet.Start();
        IGatewayStore store = Store;
        await Eventually.TrueAsync(
            async () => await store.ReadDeviceAsync("vclaim-0000", CancellationToken.None) is { LastSequence: > 0 } && await store.ReadDeviceAsync("vclaim-0001", CancellationToken.None) is { LastSequence: > 0 },
            "both claimed boards' telemetry stored");
        fleet.Stop();
    }

    private ClaimTokenText NewToken(int maxBoards, TimeSpan? lifetime = null)
    {
        (_, string text) = Tokens.Create(Fleet, lifetime ?? TimeSpan.FromHours(1), maxBoards);
        Assert.True(ClaimTokenText.TryParse(text, out ClaimTokenText? token));
        return token!;
    }

    private static string NewSession() => "claim-" + Guid.NewGuid().ToString("N")[..16];

    private static async Task<ClaimReply> AskAsync(IMqttClient client, string session, ClaimTokenText token, string device)
    {
        var answer = new TaskCompletionSource<ClaimReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ApplicationMessageReceivedAsync += e =>
        {
            byte[] payload = System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload);
            var reply = new ClaimReply();
            if (reply.ReadFrom(payload, 0, payload.Length) == DecodeStatus.Ok)
            {
                answer.TrySetResult(reply);
            }

            return Task.CompletedTask;
        };
        await client.SubscribeAsync(DeviceTopics.ClaimReplyTopic(Fleet, session), MqttQualityOfServiceLevel.AtLeastOnce);
        var request = new ClaimRequest { TokenId = token.Id, Secret = token.Secret, Device = device };
        byte[] frame = new byte[request.FrameLength];
        request.WriteTo(frame, 0);
        Assert.Equal(MqttClientPublishReasonCode.Success, (await PublishAsync(client, DeviceTopics.ClaimRequestTopic(Fleet, session), frame)).ReasonCode);
        return await answer.Task.WaitAsync(Patience);
    }

    private static Task<MqttClientPublishResult> PublishAsync(IMqttClient client, string topic, byte[] payload) =>
        client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    private async Task<IMqttClient> ConnectAsync(string user, string secret, string clientId)
    {
        (IMqttClient client, MqttClientConnectResultCode code) = await TryConnectAsync(user, secret, clientId);
        Assert.Equal(MqttClientConnectResultCode.Success, code);
        return client;
    }

    private async Task<MqttClientConnectResultCode> ConnectCodeAsync(string user, string secret, string clientId)
    {
        (IMqttClient client, MqttClientConnectResultCode code) = await TryConnectAsync(user, secret, clientId);
        client.Dispose();
        return code;
    }

    private async Task<(IMqttClient Client, MqttClientConnectResultCode Code)> TryConnectAsync(string user, string secret, string clientId)
    {
        var (host, port) = await BrokerAsync();
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        MqttClientOptions options = new MqttClientOptionsBuilder().WithTcpServer(host, port).WithClientId(clientId)
            .WithCredentials(user, secret).WithProtocolVersion(MqttProtocolVersion.V500).Build();
        try
        {
            MqttClientConnectResult result = await client.ConnectAsync(options);
            return (client, result.ResultCode);
        }
        catch (MqttConnectingFailedException ex)
        {
            // MQTTnet 5 reports a refused CONNACK as this exception; its message names the reason code.
            foreach (MqttClientConnectResultCode code in Enum.GetValues<MqttClientConnectResultCode>())
            {
                if (code != MqttClientConnectResultCode.Success && ex.Message.Contains(code.ToString(), StringComparison.Ordinal))
                {
                    return (client, code);
                }
            }

            return (client, MqttClientConnectResultCode.UnspecifiedError);
        }
    }
}
