using IotStack.Firmware.Host.Faults;

namespace IotStack.Firmware.Host.Tests.Faults;

public sealed class FaultPlanTests
{
    [Fact]
    public void TryParse_IssueExample_ParsesEveryFault()
    {
        bool ok = FaultPlan.TryParse(
            "spike:temperature@30s,stuck:humidity@60s+20s,nack:bme280@90s+5s,outage@120s+30s,reboot@150s", out FaultPlan plan, out string error);

        Assert.True(ok, error);
        Assert.Collection(
            plan.Faults,
            f => Assert.Equal(new FaultSpec(FaultKind.Spike, "temperature", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), null), f),
            f => Assert.Equal(new FaultSpec(FaultKind.Stuck, "humidity", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(20), null), f),
            f => Assert.Equal(new FaultSpec(FaultKind.Nack, "bme280", TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(5), null), f),
            f => Assert.Equal(new FaultSpec(FaultKind.Outage, null, TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(30), null), f),
            f => Assert.Equal(new FaultSpec(FaultKind.Reboot, null, TimeSpan.FromSeconds(150), TimeSpan.Zero, null), f));
    }

    [Fact]
    public void TryParse_UnitsAndMagnitude_Understood()
    {
        Assert.True(FaultPlan.TryParse("drift:sht31.temperature@500ms+2m=0.5,crc:sht31@1.5", out FaultPlan plan, out string error), error);

        Assert.Equal(new FaultSpec(FaultKind.Drift, "sht31.temperature", TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(2), 0.5), plan.Faults[0]);
        Assert.Equal(new FaultSpec(FaultKind.BadCrc, "sht31", TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(10), null), plan.Faults[1]);
    }

    [Theory]
    [InlineData("spike:temperature", "missing '@start'")]
    [InlineData("melt@3s", "unknown kind")]
    [InlineData("crc:bme280@3s", "crc applies only to sht31")]
    [InlineData("outage:temperature@3s", "take no target")]
    [InlineData("nack:humidity@3s", "nack takes a chip")]
    [InlineData("spike:bme280@3s", "is not a channel")]
    [InlineData("reboot@3s+2s", "a reboot has no duration")]
    [InlineData("hang@0s+2s", "a hang has no duration")]
    [InlineData("hang:bme280@0s", "take no target")]
    [InlineData("stuck:humidity@3s+0s", "duration after '+'")]
    [InlineData("spike@x", "start after '@'")]
    [InlineData("noise@1s=loud", "magnitude")]
    public void TryParse_Malformed_ExplainsWhy(string text, string reason)
    {
        bool ok = FaultPlan.TryParse(text, out FaultPlan plan, out string error);

        Assert.False(ok);
        Assert.True(plan.IsEmpty);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_ParsedPlan_ParsesToTheSamePlan()
    {
        Assert.True(FaultPlan.TryParse("spike:pressure@2s+3s=40,dropout:sht31@1m,noise@250ms,reboot@9s,hang@4s", out FaultPlan plan, out _));

        Assert.True(FaultPlan.TryParse(plan.ToString(), out FaultPlan again, out string error), error);

        Assert.Equal(plan.Faults, again.Faults);
    }

    [Fact]
    public void TryParse_Blank_EmptyPlan()
    {
        Assert.True(FaultPlan.TryParse("  ", out FaultPlan plan, out _));
        Assert.True(plan.IsEmpty);
    }
}
