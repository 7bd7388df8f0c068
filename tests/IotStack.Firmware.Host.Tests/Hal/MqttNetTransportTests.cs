using System.Security.Cryptography.X509Certificates;
using IotStack.Firmware.Hal;
using IotStack.Firmware.Host.Faults;
using IotStack.Firmware.Host.Hal;
using IotStack.Firmware.Host.Simulation;
using IotStack.Firmware.Host.Tests.Support;
using IotStack.TestServices;
using Microsoft.Extensions.Time.Testing;
using MQTTnet;

namespace IotStack.Firmware.Host.Tests.Hal;

[Collection(BrokerCollection.Name)]
public sealed class MqttNetTransportTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Publish_Connected_BrokerDeliversAndCounts()
    {
        string topic = "iot/t" + Guid.NewGuid().ToString("N")[..8] + "/d/telemetry";
        await using var probe = await MqttProbe.ConnectAsync(topic);
        var counters = new TransportCounters();
        using var transport = NewTransport(DeviceFaults.None(new RunClock(TimeProvider.System)), counters);
        Assert.True(ConnectEventually(transport, "pub-" + Guid.NewGuid().ToString("N")));

        bool sent = transport.Publish(topic, [0, 1, 2, 3, 4], 1, 3, retain: false);

        Assert.True(sent);
        Assert.True(probe.WaitUntil(m => m.Count == 1, Limit));
        Assert.Equal(new byte[] { 1, 2, 3 }, probe.Messages[0].Payload);
        Assert.Equal(1, counters.TelemetryPublished);
    }

    [Fact]
    public async Task Cut_AsAPowerLoss_BrokerPublishesTheRetainedWill()
    {
        string willTopic = "iot/t" + Guid.NewGuid().ToString("N")[..8] + "/d/status";
        using var transport = NewTransport(DeviceFaults.None(new RunClock(TimeProvider.System)), new TransportCounters());
        Assert.True(ConnectEventually(transport, "will-" + Guid.NewGuid().ToString("N"), willTopic, [0xDE, 0xAD]));
        await using var probe = await MqttProbe.ConnectAsync(willTopic);

        transport.Cut();

        Assert.True(probe.WaitUntil(m => m.Count == 1, Limit));
        await using var late = await MqttProbe.ConnectAsync(willTopic); // retained: a newcomer sees it too
        Assert.True(late.WaitUntil(m => m.Count == 1 && m[0].Retained, Limit));
        Assert.Equal(new byte[] { 0xDE, 0xAD }, late.Messages[0].Payload);
        await late.PublishAsync(willTopic, [], retain: true); // clear the retained message
    }

    [Fact]
    public async Task Subscribe_ThenMessage_ReachesTheSinkOfTheMatchingFilter()
    {
        string prefix = "iot/t" + Guid.NewGuid().ToString("N")[..8] + "/d/";
        using var transport = NewTransport(DeviceFaults.None(new RunClock(TimeProvider.System)), new TransportCounters());
        Assert.True(ConnectEventually(transport, "sub-" + Guid.NewGuid().ToString("N")));
        var commands = new RecordingSink();
        var offers = new RecordingSink();
        Assert.True(transport.Subscribe(prefix + "cmd", commands));
        Assert.True(transport.Subscribe(prefix + "ota/offer", offers));
        await using var probe = await MqttProbe.ConnectAsync();

        await probe.PublishAsync(prefix + "cmd", [7]);

        Assert.True(commands.Arrived.Wait(Limit));
        Assert.Equal(prefix + "cmd", commands.Topic);
        Assert.Equal(new byte[] { 7 }, commands.Payload);
        Assert.False(offers.Arrived.IsSet);
    }

    [Fact]
    public void Connect_DuringInjectedOutage_RefusedUntilItEnds()
    {
        var time = new FakeTimeProvider();
        var clock = new RunClock(time);
        Assert.True(FaultPlan.TryParse("outage@0s+30s", out FaultPlan plan, out _));
        var counters = new TransportCounters();
        using var transport = NewTransport(new DeviceFaults(plan.Faults, clock, 1), counters);
        string id = "outage-" + Guid.NewGuid().ToString("N");

        bool during = transport.Connect(id, "iot/x/y/status", [0], 1);
        time.Advance(TimeSpan.FromSeconds(31));
        bool after = ConnectEventually(transport, id);

        Assert.False(during);
        Assert.True(after);
        Assert.True(counters.ConnectFailures >= 1);
    }

    [Fact]
    public void Publish_NotConnected_FailsAtOnce()
    {
        var counters = new TransportCounters();
        using var transport = NewTransport(DeviceFaults.None(new RunClock(TimeProvider.System)), counters);

        Assert.False(transport.Publish("iot/x/y/telemetry", [1], 0, 1, false));
        Assert.Equal(1, counters.PublishFailures);
    }

    [Fact]
    public async Task Connect_Tls_PinnedCaConnects_AnotherCaNever()
    {
        TestCertificates brokerCa = await TestCertificates.CreateAsync();
        TestCertificates otherCa = await TestCertificates.CreateAsync();
        await using PrivateMosquitto broker = await PrivateMosquitto.StartAsync(tls: brokerCa);
        var faults = DeviceFaults.None(new RunClock(TimeProvider.System));
        using var wrong = new MqttNetTransport(new MqttClientFactory(), broker.Host, broker.TlsPort,
            new TransportOptions { BrokerCa = X509CertificateLoader.LoadCertificateFromFile(otherCa.CaFile) }, faults, new TransportCounters(), broker.BoardAccount.AsCredential());
        using var pinned = new MqttNetTransport(new MqttClientFactory(), broker.Host, broker.TlsPort,
            new TransportOptions { BrokerCa = X509CertificateLoader.LoadCertificateFromFile(brokerCa.CaFile) }, faults, new TransportCounters(), broker.BoardAccount.AsCredential());

        Assert.True(ConnectEventually(pinned, "tls-" + Guid.NewGuid().ToString("N")));
        // The same attempts that connected the pinned board: the other CA's board never gets in.
        Assert.False(ConnectEventually(wrong, "tls-" + Guid.NewGuid().ToString("N"), limit: TimeSpan.FromSeconds(3)));
        // The other board reached the TLS listener and ended every handshake itself; only the pinned board got in.
        string log = broker.Log();
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(log, "New client connected .* as tls-"));
        Assert.True(System.Text.RegularExpressions.Regex.Count(log, "SSL routines") >= 3, log);
    }

    private static MqttNetTransport NewTransport(DeviceFaults faults, TransportCounters counters)
    {
        MqttEndpoint broker = ServiceEndpoints.Mosquitto;
        return new MqttNetTransport(new MqttClientFactory(), broker.Host, broker.Port, new TransportOptions(), faults, counters, ServiceEndpoints.MosquittoBoardAccount.AsCredential());
    }

    private static bool ConnectEventually(MqttNetTransport transport, string clientId, string willTopic = "iot/x/y/status", byte[]? will = null, TimeSpan? limit = null)
    {
        will ??= [0];
        long deadline = Environment.TickCount64 + (long)(limit ?? Limit).TotalMilliseconds;
        while (Environment.TickCount64 < deadline)
        {
            if (transport.Connect(clientId, willTopic, will, will.Length))
            {
                return true;
            }

            Thread.Sleep(50);
        }

        return false;
    }

    private sealed class RecordingSink : IMessageSink
    {
        public ManualResetEventSlim Arrived { get; } = new();

        public string? Topic { get; private set; }

        public byte[]? Payload { get; private set; }

        public void OnMessage(string topic, byte[] payload, int length)
        {
            Topic = topic;
            Payload = payload[..length];
            Arrived.Set();
        }
    }
}
