using IotStack.Gateway.Alerts;
using IotStack.Gateway.Storage;
using IotStack.Gateway.Timeline;
using IotStack.Protocol;

namespace IotStack.Gateway.Tests.Storage;

/// <summary>What every <see cref="IGatewayStore"/> must do; one derived class per implementation.</summary>
public abstract class GatewayStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    private IGatewayStore? _store;

    private protected IGatewayStore Store => _store ?? throw new InvalidOperationException("not initialised");

    private protected abstract Task<IGatewayStore> CreateStoreAsync();

    /// <summary>Runs raw SQL on the store's database, as an earlier version of the gateway would have written it.</summary>
    private protected abstract Task ExecuteAsync(string sql);

    public async Task InitializeAsync()
    {
        _store = await CreateStoreAsync();
        await _store.InitializeAsync(CancellationToken.None);
    }

    public virtual async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    [Fact]
    public async Task ReadSeriesAsync_RowsFromBeforeSampleBlocks_MergedInTimeOrder()
    {
        // A database written by an earlier version holds one row per sample; an upgrade must not hide that history.
        await ExecuteAsync("INSERT INTO samples (device, channel, t_ms, value) VALUES ('m', 1, 2000, 2.5)");
        var set = new WriteSet();
        set.BeginBatch("m", "f", 1, 0);
        set.AddSample(Channel.Temperature, 3000, 3.5f);
        set.AddSample(Channel.Temperature, 1000, 1.5f);
        await Store.WriteAsync(set, CancellationToken.None);

        var raw = await Store.ReadSeriesAsync("m", Channel.Temperature, DateTimeOffset.FromUnixTimeMilliseconds(0), DateTimeOffset.FromUnixTimeMilliseconds(10_000), SeriesResolution.Raw, 10, CancellationToken.None);

        Assert.Equal([1.5, 2.5, 3.5], raw.Select(p => p.Mean));
    }

    private static WriteSet Batches(string device, params uint[] sequences)
    {
        var set = new WriteSet();
        foreach (uint seq in sequences)
        {
            set.BeginBatch(device, "f", seq, T0.ToUnixTimeMilliseconds());
            long t = T0.ToUnixTimeMilliseconds() + (seq * 1000L);
            set.AddSample(Channel.Temperature, t, seq);
            set.AddSample(Channel.Humidity, t, 50);
        }

        return set;
    }

    [Fact]
    public async Task WriteAsync_RedeliveredSequence_StoredOnce()
    {
        Assert.Equal(2, await Store.WriteAsync(Batches("d1", 1, 2), CancellationToken.None));
        WriteSet again = Batches("d1", 2, 3);

        int stored = await Store.WriteAsync(again, CancellationToken.None);

        Assert.Equal(1, stored);
        Assert.False(again.IsNew(0));
        Assert.True(again.IsNew(1));
        Assert.Equal([1u, 2u, 3u], await Store.ReadSequencesAsync("d1", CancellationToken.None));
        var raw = await Store.ReadSeriesAsync("d1", Channel.Temperature, T0, T0.AddHours(1), SeriesResolution.Raw, 100, CancellationToken.None);
        Assert.Equal([1.0, 2.0, 3.0], raw.Select(p => p.Mean));
    }

    [Fact]
    public async Task WriteAsync_SameSequenceOtherDevice_BothStored()
    {
        await Store.WriteAsync(Batches("a", 7), CancellationToken.None);

        Assert.Equal(1, await Store.WriteAsync(Batches("b", 7), CancellationToken.None));
    }

    [Fact]
    public async Task ReadSeriesAsync_MinuteRollup_MinMaxMeanCount()
    {
        // Sequences 1..90 land at T0+1s..T0+90s: minute 0 holds 1..59, minute 1 holds 60..90.
        await Store.WriteAsync(Batches("r", Enumerable.Range(1, 45).Select(i => (uint)i).ToArray()), CancellationToken.None);
        await Store.WriteAsync(Batches("r", Enumerable.Range(46, 45).Select(i => (uint)i).ToArray()), CancellationToken.None);

        var minutes = await Store.ReadSeriesAsync("r", Channel.Temperature, T0, T0.AddHours(1), SeriesResolution.Minute, 100, CancellationToken.None);
        var hours = await Store.ReadSeriesAsync("r", Channel.Temperature, T0, T0.AddHours(1), SeriesResolution.Hour, 100, CancellationToken.None);

        Assert.Equal(2, minutes.Count);
        Assert.Equal((1.0, 59.0, 30.0, 59L), (minutes[0].Min, minutes[0].Max, minutes[0].Mean, minutes[0].Count));
        Assert.Equal((60.0, 90.0, 75.0, 31L), (minutes[1].Min, minutes[1].Max, minutes[1].Mean, minutes[1].Count));
        Assert.Equal((1.0, 90.0, 45.5, 90L), (hours.Single().Min, hours.Single().Max, hours.Single().Mean, hours.Single().Count));
    }

    [Fact]
    public async Task WriteAsync_SameSequenceTwiceInOneSet_FirstStoredOnly()
    {
        WriteSet set = Batches("twice", 4, 4);

        int stored = await Store.WriteAsync(set, CancellationToken.None);

        Assert.Equal(1, stored);
        Assert.Equal((true, false), (set.IsNew(0), set.IsNew(1)));
        var raw = await Store.ReadSeriesAsync("twice", Channel.Temperature, T0, T0.AddHours(1), SeriesResolution.Raw, 100, CancellationToken.None);
        Assert.Single(raw);
        var minute = await Store.ReadSeriesAsync("twice", Channel.Temperature, T0, T0.AddHours(1), SeriesResolution.Minute, 100, CancellationToken.None);
        Assert.Equal(1, Assert.Single(minute).Count);
    }

    [Fact]
    public async Task ReadSeriesAsync_RawAcrossBatchesOutOfOrder_OldestFirstChannelOnlyLimited()
    {
        // Written newest first, in two transactions: raw reads still come back in time order.
        await Store.WriteAsync(Batches("o", 30, 20), CancellationToken.None);
        await Store.WriteAsync(Batches("o", 10), CancellationToken.None);

        var raw = await Store.ReadSeriesAsync("o", Channel.Temperature, T0, T0.AddHours(1), SeriesResolution.Raw, 2, CancellationToken.None);
        var window = await Store.ReadSeriesAsync("o", Channel.Temperature, T0.AddSeconds(15), T0.AddSeconds(30), SeriesResolution.Raw, 10, CancellationToken.None);

        Assert.Equal([10.0, 20.0], raw.Select(p => p.Mean));
        Assert.Equal([T0.AddSeconds(10), T0.AddSeconds(20)], raw.Select(p => p.Time));
        Assert.Equal([20.0], window.Select(p => p.Mean));
    }

    [Fact]
    public async Task WriteAsync_ManyBatchesOneCommit_RollupEqualsSamples()
    {
        uint[] sequences = Enumerable.Range(1, 500).Select(i => (uint)i).ToArray();

        Assert.Equal(500, await Store.WriteAsync(Batches("many", sequences), CancellationToken.None));

        var hours = await Store.ReadSeriesAsync("many", Channel.Humidity, T0, T0.AddHours(1), SeriesResolution.Hour, 10, CancellationToken.None);
        var raw = await Store.ReadSeriesAsync("many", Channel.Temperature, T0, T0.AddHours(1), SeriesResolution.Raw, 1000, CancellationToken.None);
        SeriesPoint hour = Assert.Single(hours);
        Assert.Equal((500L, 50.0, 50.0), (hour.Count, hour.Min, hour.Max));
        Assert.Equal(sequences.Select(s => (double)s), raw.Select(p => p.Mean));
    }

    [Fact]
    public async Task WriteAsync_Quarantine_KeptWithReason()
    {
        var set = new WriteSet();
        set.AddQuarantine(new QuarantineEntry(T0, "iot/f/d/telemetry", DecodeStatus.BadChecksum, [1, 2, 3], 3000));

        await Store.WriteAsync(set, CancellationToken.None);

        QuarantineEntry entry = Assert.Single(await Store.ReadQuarantineAsync(10, CancellationToken.None));
        Assert.Equal((DecodeStatus.BadChecksum, "iot/f/d/telemetry", 3000), (entry.Reason, entry.Topic, entry.Length));
        Assert.Equal([1, 2, 3], entry.Payload);
    }

    [Fact]
    public async Task PruneAsync_OldRawSamples_RemovedRollupsKept()
    {
        await Store.WriteAsync(Batches("p", 1, 2), CancellationToken.None);

        await Store.PruneAsync(T0.AddDays(1), T0.AddDays(-1), CancellationToken.None);

        Assert.Empty(await Store.ReadSeriesAsync("p", Channel.Temperature, T0, T0.AddHours(1), SeriesResolution.Raw, 10, CancellationToken.None));
        Assert.Single(await Store.ReadSeriesAsync("p", Channel.Temperature, T0, T0.AddHours(1), SeriesResolution.Minute, 10, CancellationToken.None));
    }

    [Fact]
    public async Task SaveAlertAsync_InsertThenUpdate_ReadBack()
    {
        var alert = new AlertRecord { DeviceId = "d", Channel = 1, Rule = "above-max", Status = AlertStatus.Open, Severity = AlertSeverity.Warning, OpenedAt = T0, LastSignalAt = T0, Message = "hot", LastValue = 40 };
        alert.Id = await Store.SaveAlertAsync(alert, CancellationToken.None);
        alert.Status = AlertStatus.Acknowledged;
        alert.AcknowledgedAt = T0.AddMinutes(1);
        await Store.SaveAlertAsync(alert, CancellationToken.None);

        AlertRecord? read = await Store.ReadAlertAsync(alert.Id, CancellationToken.None);
        var active = await Store.ReadAlertsAsync(new AlertQuery("d", ActiveOnly: true), CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal((AlertStatus.Acknowledged, T0.AddMinutes(1), "hot", 40.0), (read.Status, read.AcknowledgedAt, read.Message, read.LastValue));
        Assert.Equal(alert.Id, Assert.Single(active).Id);
    }

    [Fact]
    public async Task ReadAlertsAsync_MinSeverity_OnlyThatSeverityAndAbove()
    {
        foreach (AlertSeverity severity in new[] { AlertSeverity.Info, AlertSeverity.Warning, AlertSeverity.Critical })
        {
            await Store.SaveAlertAsync(new AlertRecord { DeviceId = "s", Channel = 1, Rule = severity.ToString(), Status = AlertStatus.Open, Severity = severity, OpenedAt = T0, LastSignalAt = T0, Message = "m", LastValue = 1 }, CancellationToken.None);
        }

        var warningUp = await Store.ReadAlertsAsync(new AlertQuery("s", MinSeverity: AlertSeverity.Warning), CancellationToken.None);
        var all = await Store.ReadAlertsAsync(new AlertQuery("s"), CancellationToken.None);
        var criticalActive = await Store.ReadAlertsAsync(new AlertQuery(ActiveOnly: true, MinSeverity: AlertSeverity.Critical), CancellationToken.None);

        Assert.Equal(["Critical", "Warning"], warningUp.Select(a => a.Rule));
        Assert.Equal(3, all.Count);
        Assert.Equal("Critical", Assert.Single(criticalActive).Rule);
    }

    [Fact]
    public async Task ReadTimelineAsync_NewestFirst()
    {
        await Store.AppendTimelineAsync(
            [
                new TimelineEvent("d", T0.AddSeconds(2), TimelineKinds.Alert, "gateway", "second"),
                new TimelineEvent("d", T0, TimelineKinds.Ota, "ota", "first"),
                new TimelineEvent("other", T0, TimelineKinds.Log, "board", "not mine"),
            ],
            CancellationToken.None);

        var events = await Store.ReadTimelineAsync("d", null, 10, CancellationToken.None);

        Assert.Equal(["second", "first"], events.Select(e => e.Summary));
    }

    [Fact]
    public async Task UpsertDeviceAsync_Twice_LatestWins()
    {
        await Store.UpsertDeviceAsync(new DeviceRecord("d", "f") { FirstSeen = T0, LastSeen = T0, Firmware = "1.0" }, CancellationToken.None);
        await Store.UpsertDeviceAsync(new DeviceRecord("d", "f") { FirstSeen = T0.AddHours(1), LastSeen = T0.AddHours(1), Firmware = "1.1", State = DeviceState.Offline }, CancellationToken.None);

        DeviceRecord? device = await Store.ReadDeviceAsync("d", CancellationToken.None);

        Assert.NotNull(device);
        Assert.Equal(("1.1", DeviceState.Offline, T0, T0.AddHours(1)), (device.Firmware, device.State, device.FirstSeen, device.LastSeen));
        Assert.Single(await Store.ReadDevicesAsync(CancellationToken.None));
    }

    /// <summary>Device text as a hostile or broken board sends it, and what every store must give back.</summary>
    public static TheoryData<string, string> HostileText => new()
    {
        { "disk\0full", "disk\uFFFDfull" },                     // NUL: PostgreSQL refuses it (22021), SQLite cut at it
        { "bell\u0007 esc\u001b[31m del\u007f c1\u0085", "bell\uFFFD esc\uFFFD[31m del\uFFFD c1\uFFFD" },
        { "line1\r\nline2\ttab", "line1\nline2\ttab" },
        { "lone \uD800 surrogate", "lone \uFFFD surrogate" },    // a strict UTF-8 encoder refuses it
        { "ok 🌡 ünïcode", "ok 🌡 ünïcode" },
        { new string('x', 5000), new string('x', 1999) + "…" },
    };

    [Theory]
    [MemberData(nameof(HostileText))]
    public async Task AppendTimelineAsync_HostileDeviceText_StoredNormalisedTheSameOnEveryStore(string sent, string expected)
    {
        await Store.AppendTimelineAsync([new TimelineEvent("t", T0, TimelineKinds.Log, "board", sent, sent)], CancellationToken.None);

        TimelineEvent read = Assert.Single(await Store.ReadTimelineAsync("t", null, 10, CancellationToken.None));

        Assert.Equal((expected, expected), (read.Summary, read.Detail));
    }

    [Fact]
    public async Task UpsertDeviceAsync_HostileFirmwareAndBoard_StoredNormalisedAndCapped()
    {
        await Store.UpsertDeviceAsync(new DeviceRecord("h", "f") { FirstSeen = T0, LastSeen = T0, Firmware = "1.0\0evil", Board = new string('b', 300) }, CancellationToken.None);

        DeviceRecord? device = await Store.ReadDeviceAsync("h", CancellationToken.None);

        Assert.NotNull(device);
        Assert.Equal(("1.0\uFFFDevil", new string('b', 127) + "…"), (device.Firmware, device.Board));
    }

    [Fact]
    public async Task SaveAlertAsync_MessageWithNul_StoredNormalised()
    {
        var alert = new AlertRecord { DeviceId = "n", Channel = 1, Rule = "r", Status = AlertStatus.Open, Severity = AlertSeverity.Warning, OpenedAt = T0, LastSignalAt = T0, Message = "a\0b", LastValue = 1 };
        alert.Id = await Store.SaveAlertAsync(alert, CancellationToken.None);

        Assert.Equal("a\uFFFDb", (await Store.ReadAlertAsync(alert.Id, CancellationToken.None))?.Message);
    }

    [Fact]
    public async Task SaveDetectorStatesAsync_SecondSaveOfASeries_ReplacesItsRow()
    {
        byte[] frame = [1, 2, 3, 0, 255];
        await Store.SaveDetectorStatesAsync(
        [
            new DetectorStateRow("f", "ds", 1) { SavedMs = 10, Samples = 5, Limits = null, Statistical = frame, StuckAtMs = 99, StuckValue = 21.5 },
            new DetectorStateRow("f", "ds", 2) { SavedMs = 10, Samples = 7, Limits = [9], Statistical = [8] },
            new DetectorStateRow("other", "ds", 1) { SavedMs = 10, Samples = 1 },
        ], CancellationToken.None);
        await Store.SaveDetectorStatesAsync([new DetectorStateRow("f", "ds", 2) { SavedMs = 20, Samples = 9, Limits = null, Statistical = [7, 7] }], CancellationToken.None);

        IReadOnlyList<DetectorStateRow> rows = await Store.ReadDetectorStatesAsync("f", "ds", CancellationToken.None);

        Assert.Equal(2, rows.Count);
        Assert.Equal(((byte)1, 10L, 5L, (long?)99, 21.5), (rows[0].Channel, rows[0].SavedMs, rows[0].Samples, rows[0].StuckAtMs, rows[0].StuckValue));
        Assert.Null(rows[0].Limits);
        Assert.Equal(frame, rows[0].Statistical);
        Assert.Equal(((byte)2, 20L, 9L), (rows[1].Channel, rows[1].SavedMs, rows[1].Samples));
        Assert.Null(rows[1].Limits);
        Assert.Null(rows[1].StuckAtMs);
        Assert.Equal([7, 7], rows[1].Statistical);
        Assert.Empty(await Store.ReadDetectorStatesAsync("f", "none", CancellationToken.None));
    }

    [Fact]
    public async Task SaveDetectorStatesAsync_LowerFencingToken_LeavesTheNewerOwnersRow()
    {
        // Device ownership: epoch 3 is the new owner; a gateway that lost the device (epoch 2) must not overwrite it.
        await Store.SaveDetectorStatesAsync([new DetectorStateRow("f", "fence", 1) { SavedMs = 30, Samples = 300, Statistical = [3], Epoch = 3 }], CancellationToken.None);
        await Store.SaveDetectorStatesAsync([new DetectorStateRow("f", "fence", 1) { SavedMs = 40, Samples = 200, Statistical = [2], Epoch = 2 }], CancellationToken.None);
        DetectorStateRow kept = Assert.Single(await Store.ReadDetectorStatesAsync("f", "fence", CancellationToken.None));
        await Store.SaveDetectorStatesAsync([new DetectorStateRow("f", "fence", 1) { SavedMs = 50, Samples = 400, Statistical = [4], Epoch = 3 }], CancellationToken.None);
        DetectorStateRow same = Assert.Single(await Store.ReadDetectorStatesAsync("f", "fence", CancellationToken.None));

        Assert.Equal((300L, 3L), (kept.Samples, kept.Epoch));
        Assert.Equal([3], kept.Statistical);
        Assert.Equal((400L, 3L), (same.Samples, same.Epoch));
    }

    [Fact]
    public async Task ReadDetectorStatesAsync_ManyDevices_EveryRowOfThoseDevicesInChunkedQueries()
    {
        // More devices than one query takes: the read splits them, and only the asked devices' rows come back.
        int devices = (2 * IDetectorStateStore.MaxDevicesPerRead) + 50;
        var rows = Enumerable.Range(0, devices).SelectMany(d => new[]
        {
            new DetectorStateRow("f", "m" + d, 1) { SavedMs = d, Samples = d, Statistical = [(byte)d] },
            new DetectorStateRow("f", "m" + d, 2) { SavedMs = d, Samples = d },
        }).ToList();
        await Store.SaveDetectorStatesAsync(rows, CancellationToken.None);

        var asked = Enumerable.Range(0, devices).Where(d => d % 3 != 0).Select(d => ("f", "m" + d)).Append(("other", "m1")).ToList();
        IReadOnlyList<DetectorStateRow> read = await Store.ReadDetectorStatesAsync(asked, CancellationToken.None);

        Assert.Equal(
            asked.Where(a => a.Item1 == "f").SelectMany(a => new[] { (a.Item2, (byte)1), (a.Item2, (byte)2) }).Order(),
            read.Select(r => (r.DeviceId, r.Channel)).Order());
        Assert.All(read.Where(r => r.Channel == 1), r => Assert.Equal([(byte)r.Samples], r.Statistical!));
    }
}
