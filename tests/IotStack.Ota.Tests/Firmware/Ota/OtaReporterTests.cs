using IotStack.Firmware.Ota;
using IotStack.Ota.Tests.Firmware.Support;
using IotStack.Protocol;

namespace IotStack.Ota.Tests.Firmware.Ota;

public sealed class OtaReporterTests
{
    private readonly LoopbackGateway _gateway = new();
    private readonly MemoryFlash _flash = new();

    [Fact]
    public void Flush_Offline_KeepsReportPendingUntilAcknowledged()
    {
        var reporter = new OtaReporter(_gateway, _flash);
        var record = new OtaRecord();
        OtaReporter.SetPending(record, OtaState.Failed, 7, "1.1.0", "hash: x");
        _gateway.IsOnline = false;

        reporter.Flush(record);
        Assert.Equal((int)OtaState.Failed, record.ReportState);
        Assert.Empty(_gateway.Reports);

        _gateway.IsOnline = true;
        reporter.Flush(record);
        Assert.Equal(0, record.ReportState);
        Assert.Equal((OtaState.Failed, "hash: x", "1.1.0"), Assert.Single(_gateway.Reports));
        Assert.Equal(0, OtaRecord.Load(_flash)!.ReportState); // cleared in flash too: not sent again after a reboot
    }

    [Fact]
    public void SetPending_NullTexts_StoredEmpty()
    {
        var record = new OtaRecord();

        OtaReporter.SetPending(record, OtaState.Confirmed, 1, null!, null!);

        Assert.Equal(("", ""), (record.ReportVersion, record.ReportReason));
    }

    [Fact]
    public void Percent_ReceivedBytesGrow_ReportsOncePerTenPercentStep()
    {
        var reporter = new OtaReporter(_gateway, _flash);
        var manifest = new ReleaseManifest { Version = "1.1.0", TotalSize = 1000 };
        reporter.RestartPercent();

        foreach (int received in new[] { 0, 50, 99, 100, 150, 420, 999, 1000 })
        {
            reporter.Percent(7, received, manifest);
        }

        // 10 %, 42 %, 99 % and 100 %: one per step entered; below 10 % shares the step of "nothing sent yet".
        Assert.Equal(4, _gateway.Reports.Count);
        Assert.All(_gateway.Reports, r => Assert.Equal(OtaState.Downloading, r.State));
    }
}
