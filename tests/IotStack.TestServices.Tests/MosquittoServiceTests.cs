using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace IotStack.TestServices.Tests;

/// <summary>
/// Proves IOTSTACK_TEST_MQTT is a real MQTT 5 broker (routing, QoS 1, shared subscriptions, TLS) that authenticates
/// like a production one: anonymous clients refused on both listeners, and the board account held to the board role.
/// </summary>
public sealed class MosquittoServiceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Publish_SubscribedTopic_DeliversPayloadToSubscriber()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var topic = "iotstack/smoke/" + Guid.NewGuid().ToString("N");
        var factory = new MqttClientFactory();
        using var subscriber = await ConnectAsync(factory, "sub", cts.Token);
        var received = new TaskCompletionSource<MqttApplicationMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriber.ApplicationMessageReceivedAsync += e =>
        {
            received.TrySetResult(e.ApplicationMessage);
            return Task.CompletedTask;
        };
        await SubscribeAsync(factory, subscriber, topic, cts.Token);

        using var publisher = await ConnectAsync(factory, "pub", cts.Token);
        var result = await publisher.PublishAsync(Message(topic, "21.5"), cts.Token);

        Assert.Equal(MqttClientPublishReasonCode.Success, result.ReasonCode);
        var message = await received.Task.WaitAsync(cts.Token);
        Assert.Equal(topic, message.Topic);
        Assert.Equal("21.5", message.ConvertPayloadToString());
    }

    [Fact]
    public async Task Publish_SharedSubscriptionGroup_SplitsMessagesWithoutDuplicates()
    {
        // MQTT 5 §4.8.2: each message published to a shared subscription goes to exactly one member of the group.
        const int Count = 20;
        using var cts = new CancellationTokenSource(Timeout);
        var id = Guid.NewGuid().ToString("N");
        var topic = "iotstack/smoke/shared/" + id;
        var factory = new MqttClientFactory();
        var all = new ConcurrentDictionary<string, int>();
        var perMember = new ConcurrentDictionary<int, int>[] { new(), new() };
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var members = new List<IMqttClient>();
        try
        {
            for (var member = 0; member < 2; member++)
            {
                var client = await ConnectAsync(factory, "member" + member, cts.Token);
                members.Add(client);
                var index = member;
                client.ApplicationMessageReceivedAsync += e =>
                {
                    var payload = e.ApplicationMessage.ConvertPayloadToString();
                    perMember[index].AddOrUpdate(index, 1, (_, n) => n + 1);
                    all.AddOrUpdate(payload, 1, (_, n) => n + 1);
                    if (all.Values.Sum() >= Count)
                    {
                        allArrived.TrySetResult();
                    }

                    return Task.CompletedTask;
                };
                await SubscribeAsync(factory, client, "$share/g" + id + "/" + topic, cts.Token);
            }

            using var publisher = await ConnectAsync(factory, "pub", cts.Token);
            for (var i = 0; i < Count; i++)
            {
                await publisher.PublishAsync(Message(topic, "m" + i), cts.Token);
            }

            await allArrived.Task.WaitAsync(cts.Token);
        }
        finally
        {
            foreach (var client in members)
            {
                client.Dispose();
            }
        }

        Assert.Equal(Count, all.Count);
        Assert.All(all.Values, n => Assert.Equal(1, n));
        Assert.All(perMember, counts => Assert.True(counts.Values.Sum() > 0, "every group member gets a share"));
    }

    [Fact]
    public async Task TlsListener_CertificateChainsToTheExportedCa()
    {
        var endpoint = ServiceEndpoints.MosquittoTls;
        using var ca = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(ServiceEndpoints.MosquittoCaFile);
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(endpoint.Host, endpoint.Port)
            .WithClientId("smoke-tls-" + Guid.NewGuid().ToString("N")[..8])
            .WithCredentials(ServiceEndpoints.MosquittoAccount.User, ServiceEndpoints.MosquittoAccount.Password)
            .WithTlsOptions(tls => tls.UseTls().WithCertificateValidationHandler(context =>
            {
                using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
                chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
                return context.SslPolicyErrors is System.Net.Security.SslPolicyErrors.None or System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors
                    && chain.Build(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(context.Certificate.GetRawCertData()));
            }))
            .Build();

        MqttClientConnectResult result = await client.ConnectAsync(options);

        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
    }

    [Fact]
    public async Task Connect_Anonymous_RefusedOnThePlainAndTheTlsListener()
    {
        using var cts = new CancellationTokenSource(Timeout);
        MqttEndpoint plain = ServiceEndpoints.Mosquitto;
        MqttEndpoint tls = ServiceEndpoints.MosquittoTls;

        MqttClientConnectResultCode overPlain = await ConnectCodeAsync(new MqttClientOptionsBuilder().WithTcpServer(plain.Host, plain.Port), cts.Token);
        MqttClientConnectResultCode overTls = await ConnectCodeAsync(new MqttClientOptionsBuilder().WithTcpServer(tls.Host, tls.Port)
            .WithTlsOptions(o => o.UseTls().WithCertificateValidationHandler(_ => true)), cts.Token);   // the broker's answer is under test, not its certificate

        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, overPlain);
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, overTls);
    }

    [Fact]
    public async Task BoardAccount_PublishesTelemetryButNotCommands_ReadsCommandsButNotTelemetry()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var factory = new MqttClientFactory();
        string fleet = "smoke" + Guid.NewGuid().ToString("N")[..8];
        using var board = await ConnectAsync(factory, "board", cts.Token, ServiceEndpoints.MosquittoBoardAccount);
        var received = new ConcurrentQueue<string>();
        board.ApplicationMessageReceivedAsync += e =>
        {
            received.Enqueue(e.ApplicationMessage.Topic);
            return Task.CompletedTask;
        };
        // Mosquitto grants both filters and checks read access per message.
        await SubscribeAsync(factory, board, $"iot/{fleet}/+/telemetry", cts.Token);
        await SubscribeAsync(factory, board, $"iot/{fleet}/d1/cmd", cts.Token);
        using var gateway = await ConnectAsync(factory, "gateway", cts.Token);

        var telemetry = await board.PublishAsync(Message($"iot/{fleet}/d1/telemetry", "t"), cts.Token);
        var command = await board.PublishAsync(Message($"iot/{fleet}/d2/cmd", "reboot"), cts.Token);
        await gateway.PublishAsync(Message($"iot/{fleet}/d2/telemetry", "t"), cts.Token);
        await gateway.PublishAsync(Message($"iot/{fleet}/d1/cmd", "marker"), cts.Token);
        while (!received.Contains($"iot/{fleet}/d1/cmd"))
        {
            await Task.Delay(20, cts.Token);
        }

        Assert.True(telemetry.IsSuccess, telemetry.ReasonCode.ToString());
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, command.ReasonCode);
        Assert.Equal([$"iot/{fleet}/d1/cmd"], received.ToArray());
    }

    private static async Task<MqttClientConnectResultCode> ConnectCodeAsync(MqttClientOptionsBuilder builder, CancellationToken ct)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        try
        {
            return (await client.ConnectAsync(builder.WithProtocolVersion(MqttProtocolVersion.V500)
                .WithClientId("smoke-anon-" + Guid.NewGuid().ToString("N")[..8]).Build(), ct)).ResultCode;
        }
        catch (MQTTnet.Adapter.MqttConnectingFailedException ex)
        {
            // MQTTnet 5 names the CONNACK's reason code in the message only.
            return Enum.GetValues<MqttClientConnectResultCode>().FirstOrDefault(
                c => c != MqttClientConnectResultCode.Success && ex.Message.Contains(c.ToString(), StringComparison.Ordinal),
                MqttClientConnectResultCode.UnspecifiedError);
        }
    }

    private static async Task<IMqttClient> ConnectAsync(MqttClientFactory factory, string role, CancellationToken ct, MqttAccount? account = null)
    {
        var endpoint = ServiceEndpoints.Mosquitto;
        account ??= ServiceEndpoints.MosquittoAccount;
        var client = factory.CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(endpoint.Host, endpoint.Port)
            .WithCredentials(account.User, account.Password)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId("smoke-" + role + "-" + Guid.NewGuid().ToString("N")[..8])
            .WithCleanStart()
            .Build();
        await client.ConnectAsync(options, ct);
        return client;
    }

    private static async Task SubscribeAsync(MqttClientFactory factory, IMqttClient client, string filter, CancellationToken ct)
    {
        var options = factory.CreateSubscribeOptionsBuilder()
            .WithTopicFilter(f => f.WithTopic(filter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
            .Build();
        var result = await client.SubscribeAsync(options, ct);
        Assert.All(result.Items, item => Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, item.ResultCode));
    }

    private static MqttApplicationMessage Message(string topic, string payload) =>
        new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
}
