using IotStack.TestServices;
using Xunit.Abstractions;

namespace IotStack.Gateway.Tests.Chaos;

/// <summary>
/// The cast of a chaos scenario under load, stopped in reverse order: a private Mosquitto, the gateway process on it and
/// a SQLite file (<see cref="ChaosRig.StartGatewayAsync"/>), then (<see cref="StartBoardsAsync"/>) boards publishing
/// until the end and a watch on the gateway's memory from its warm baseline.
/// </summary>
internal sealed class ChaosScene : IAsyncDisposable
{
    private ChaosBoards? _boards;
    private MemoryWatch? _memory;
    private long _baseline;

    private ChaosScene(PrivateMosquitto broker, GatewayProcess gateway, string database)
    {
        Broker = broker;
        Gateway = gateway;
        Database = database;
    }

    public PrivateMosquitto Broker { get; }

    public GatewayProcess Gateway { get; }

    /// <summary>The gateway's SQLite file.</summary>
    public string Database { get; }

    public ChaosBoards Boards => _boards ?? throw new InvalidOperationException("no boards started");

    /// <summary>A private Mosquitto and, once its MQTT session is up, the gateway process in <paramref name="folder"/> on <paramref name="sqlitePath"/>.</summary>
    public static async Task<ChaosScene> StartAsync(string name, string folder, string sqlitePath)
    {
        PrivateMosquitto broker = await PrivateMosquitto.StartAsync();
        try
        {
            GatewayProcess gateway = await ChaosRig.StartGatewayAsync(broker, folder, sqlitePath, name);
            return new ChaosScene(broker, gateway, sqlitePath);
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts <paramref name="boards"/> boards publishing until the scene ends, waits for <paramref name="warmUp"/>
    /// acknowledged batches, then takes the gateway's RSS as the baseline and starts watching its peak.
    /// </summary>
    public async Task<ChaosBoards> StartBoardsAsync(int boards, TimeSpan pause, long warmUp)
    {
        _boards = ChaosBoards.Start(Broker, boards, pause);
        await ChaosRig.WaitAcknowledgedAsync(_boards, warmUp, "boards publishing");
        _baseline = Gateway.RssBytes();
        _memory = new MemoryWatch(Gateway.RssBytes);
        return _boards;
    }

    public string Describe() => ChaosRig.Describe(Gateway, Broker);

    /// <inheritdoc cref="ChaosRig.AssertStoredExactlyOnceAsync"/>
    public Task<int> AssertStoredExactlyOnceAsync(IReadOnlyDictionary<string, (uint After, uint Through)>? crashWindow = null) =>
        ChaosRig.AssertStoredExactlyOnceAsync(Database, Boards, Describe, crashWindow);

    /// <inheritdoc cref="ChaosRig.AssertMemoryBounded"/>
    public void AssertMemoryBounded(ITestOutputHelper output) =>
        ChaosRig.AssertMemoryBounded(_memory ?? throw new InvalidOperationException("no boards started"), _baseline, output);

    public async ValueTask DisposeAsync()
    {
        if (_memory is not null)
        {
            await _memory.DisposeAsync();
        }

        if (_boards is not null)
        {
            await _boards.DisposeAsync();
        }

        await Gateway.DisposeAsync();
        await Broker.DisposeAsync();
    }
}
