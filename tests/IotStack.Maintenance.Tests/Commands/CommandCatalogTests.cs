using IotStack.Maintenance.Commands;

namespace IotStack.Maintenance.Tests.Commands;

public sealed class CommandCatalogTests
{
    private readonly CommandCatalog _catalog = new(["/var/log", "/srv/app/logs"]);

    [Fact]
    public void Validate_RestartService_RendersSudoAndQuotedUnit()
    {
        var result = _catalog.Validate("restart-service", new Dictionary<string, string> { ["unit"] = "iot-agent@2.service" });

        Assert.True(result.IsValid, result.Refusal);
        Assert.Equal("sudo -n systemctl restart 'iot-agent@2.service'", result.Command!.CommandText);
    }

    [Fact]
    public void Validate_JournalWithoutLines_UsesDefault()
    {
        var result = _catalog.Validate("journal", ["mosquitto"]);

        Assert.True(result.IsValid, result.Refusal);
        Assert.Equal("journalctl -u 'mosquitto' -n '100' --no-pager -o short-iso", result.Command!.CommandText);
    }

    [Fact]
    public void Validate_CliWordsWithOption_FillsPositionalAndOption()
    {
        var result = _catalog.Validate("tail-file", ["/srv/app/logs/app.log", "--lines", "25"]);

        Assert.True(result.IsValid, result.Refusal);
        Assert.Equal("tail -n '25' -- '/srv/app/logs/app.log'", result.Command!.CommandText);
        Assert.False(result.Command.Template.Sudo);
    }

    [Theory]
    [InlineData("rm")]
    [InlineData("restart-service; reboot")]
    [InlineData("RESTART-SERVICE")]
    [InlineData("")]
    public void Validate_TemplateNotInAllowlist_Refused(string template)
    {
        var result = _catalog.Validate(template, new Dictionary<string, string> { ["unit"] = "x" });

        Assert.False(result.IsValid);
        Assert.Contains("not an allowlisted command", result.Refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nginx; reboot")]
    [InlineData("nginx && id")]
    [InlineData("$(id)")]
    [InlineData("`id`")]
    [InlineData("nginx|cat")]
    [InlineData("nginx'")]
    [InlineData("nginx\n")]
    [InlineData("nginx\nreboot")]
    [InlineData("-H")]
    [InlineData("--host=evil")]
    [InlineData("a b")]
    [InlineData("../../etc/passwd")]
    [InlineData("nginx\\x00")]
    [InlineData(">out")]
    [InlineData("")]
    public void Validate_UnitWithMetacharactersOrOptionInjection_Refused(string unit)
    {
        var result = _catalog.Validate("restart-service", new Dictionary<string, string> { ["unit"] = unit });

        Assert.False(result.IsValid);
        Assert.Contains("unit", result.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OverlongUnit_Refused()
    {
        var result = _catalog.Validate("service-status", new Dictionary<string, string> { ["unit"] = new string('a', CommandCatalog.MaxArgumentLength + 1) });

        Assert.False(result.IsValid);
        Assert.Contains("longer than", result.Refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/var/log/../../etc/shadow")]
    [InlineData("/var/log/./app.log")]
    [InlineData("/var/log//app.log")]
    [InlineData("/etc/shadow")]
    [InlineData("/var/logger/app.log")]
    [InlineData("var/log/app.log")]
    [InlineData("/var/log/app log")]
    [InlineData("/var/log/$(id)")]
    [InlineData("/var/log")]
    public void Validate_PathOutsideRootsOrTraversal_Refused(string path)
    {
        var result = _catalog.Validate("tail-file", new Dictionary<string, string> { ["path"] = path });

        Assert.False(result.IsValid, $"{path} was accepted");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("10001")]
    [InlineData("-5")]
    [InlineData("5; reboot")]
    [InlineData("1e3")]
    [InlineData("٣")]
    public void Validate_LinesOutOfRangeOrNotANumber_Refused(string lines)
    {
        var result = _catalog.Validate("journal", new Dictionary<string, string> { ["unit"] = "nginx", ["lines"] = lines });

        Assert.False(result.IsValid);
        Assert.Contains("lines", result.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownArgument_Refused()
    {
        var result = _catalog.Validate("reboot", new Dictionary<string, string> { ["force"] = "yes" });

        Assert.False(result.IsValid);
    }

    [Fact]
    public void Validate_ExtraPositionalWord_Refused()
    {
        var result = _catalog.Validate("restart-service", ["nginx", "mosquitto"]);

        Assert.False(result.IsValid);
        Assert.Contains("Unexpected argument", result.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void BuiltIn_Reboot_IsNotIdempotent()
    {
        Assert.False(_catalog.Find("reboot")!.Idempotent);
        Assert.True(_catalog.Find("restart-service")!.Idempotent);
    }
}
