using IotStack.Firmware.Host.Faults;
using IotStack.Firmware.Host.Fleet;
using IotStack.Firmware.Host.Hal;
using IotStack.Firmware.Host.Simulation;
using IotStack.TestServices;
using Microsoft.Extensions.Time.Testing;
using MQTTnet;

namespace IotStack.Firmware.Host.Tests.Support;

/// <summary>
/// One virtual device on a fake clock against the live broker (optionally through a <see cref="TcpCutProxy"/>): the
/// test moves time and ticks by hand, so a 30 s outage takes well under a second of real time.
/// </summary>
internal sealed class DeviceHarness : IDisposable
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempFolder folder = new();

    public DeviceHarness(string? faults = null, int? brokerPort = null, double rateHz = 1.0, int batchSamples = 5)
    {
        MqttEndpoint broker = ServiceEndpoints.Mosquitto;
        Fleet = "t" + Guid.NewGuid().ToString("N")[..10];
        Time = new FakeTimeProvider(Epoch);
        Clock = new RunClock(Time);
        Assert.True(FaultPlan.TryParse(faults, out FaultPlan plan, out string error), error);
        Options = new FleetOptions
        {
            Devices = 1,
            RateHz = rateHz,
            BatchSamples = batchSamples,
            BrokerHost = broker.Host,
            BrokerPort = brokerPort ?? broker.Port,
            Credential = ServiceEndpoints.MosquittoBoardAccount.AsCredential(),
            Fleet = Fleet,
            Faults = plan,
            DataDirectory = folder.Path,
            Transport = new TransportOptions { ConnectInlineWait = TimeSpan.FromSeconds(2), PublishTimeout = TimeSpan.FromSeconds(2) },
        };
        Counters = new TransportCounters();
        Device = new VirtualDevice(Options.DeviceId(0), Options, Clock, new DeviceFaults(plan.Faults, Clock, 11), new MqttClientFactory(), Counters, 11);
    }

    public string Fleet { get; }

    public FakeTimeProvider Time { get; }

    public RunClock Clock { get; }

    public FleetOptions Options { get; }

    public TransportCounters Counters { get; }

    public VirtualDevice Device { get; }

    public string TopicOf(string suffix) => "iot/" + Fleet + "/" + Device.Id + "/" + suffix;

    public void Start()
    {
        Assert.True(FactorySettings.Write(Device.Flash, Options.RateHz, Options.BatchSamples));
        Device.Start();
    }

    /// <summary>Ticks every <paramref name="step"/> of fake time for <paramref name="duration"/>.</summary>
    public void Run(TimeSpan duration, TimeSpan? step = null)
    {
        TimeSpan stride = step ?? TimeSpan.FromMilliseconds(100);
        TimeSpan end = Clock.Elapsed + duration;
        while (Clock.Elapsed < end)
        {
            Device.Tick();
            Time.Advance(stride);
        }
    }

    /// <summary>Ticks (moving fake time) until <paramref name="done"/> holds; false after <paramref name="limit"/> of real time.</summary>
    public bool RunUntil(Func<bool> done, TimeSpan limit, TimeSpan? step = null)
    {
        TimeSpan stride = step ?? TimeSpan.FromMilliseconds(100);
        long deadline = Environment.TickCount64 + (long)limit.TotalMilliseconds;
        while (!done())
        {
            if (Environment.TickCount64 > deadline)
            {
                return false;
            }

            Device.Tick();
            Time.Advance(stride);
        }

        return true;
    }

    public void Dispose()
    {
        Device.Disconnect();
        Device.Dispose();
        folder.Dispose();
    }
}
