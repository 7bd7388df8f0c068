using System.Text.Json;
using IotStack.Cli.Commands;

namespace IotStack.Console.Tests.Commands;

/// <summary>`iotstack ota status` without an id lists campaigns a line each, not as the API's JSON.</summary>
public sealed class OtaStatusTextTests
{
    [Theory]
    [InlineData("\"Soaking\"", "Soaking")]
    [InlineData("2", "Soaking")]
    public void CampaignLine_ListEntry_StateWaveAndCountsOnOneLine(string state, string expected)
    {
        using JsonDocument entry = JsonDocument.Parse(
            "{\"id\":\"virtual-1.1.0-20261206235729\",\"state\":" + state + ",\"wave\":1,\"waveName\":\"batch 1\",\"reason\":null,\"devices\":4,\"confirmed\":3,\"failed\":1}");

        string line = OtaCampaignCommands.CampaignLine(entry.RootElement);

        Assert.Equal($"virtual-1.1.0-20261206235729: {expected}, batch 1, 3/4 confirmed, 1 failed", line);
    }
}
