using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using IotStack.Cli.Client;
using IotStack.Cli.Commands;
using IotStack.Console.Tests.Support;
using Spectre.Console;

namespace IotStack.Console.Tests.Commands;

/// <summary><c>iotstack series</c> draws the rollups the gateway serves as sparklines on one scale.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SeriesCommandTests(ConsoleGateway gateway)
{
    [Fact]
    public async Task SeriesAsync_SeededHour_ChartsMinMeanMaxOfTheServedRollups()
    {
        // A closed range in the past, so the live fleet cannot change it between the two reads.
        DateTimeOffset to = TimeProvider.System.GetUtcNow().AddMinutes(-2), from = to.AddHours(-2);
        var request = new SeriesRequest(ConsoleGateway.SpikingDevice, 1, from, to, "1m");
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });

        int code = await ClientCommands.SeriesAsync(new GatewayConnection(gateway.BaseUrl, TestUsers.ViewerToken), request, console, CancellationToken.None);

        JsonElement[] points = await ServedPointsAsync(from, to);
        string text = output.ToString();
        Assert.Equal(0, code);
        Assert.True(points.Length > 10, $"{points.Length} rollup points served");
        Assert.Contains($"(1m, {points.Length} points)", text, StringComparison.Ordinal);
        Assert.Contains("min " + ClientCommands.F(points.Min(p => p.GetProperty("min").GetDouble())), text, StringComparison.Ordinal);
        Assert.Contains("max " + ClientCommands.F(points.Max(p => p.GetProperty("max").GetDouble())), text, StringComparison.Ordinal);
        string meanLine = text.Split('\n').Single(l => l.Contains("mean ", StringComparison.Ordinal) && l.Any(IsBlock));
        // An 80-column console leaves 68 columns; points are merged evenly into at most that many.
        int perColumn = (points.Length + 67) / 68;
        Assert.Equal((points.Length + perColumn - 1) / perColumn, meanLine.Count(IsBlock));
    }

    private static bool IsBlock(char c) => c is >= '▁' and <= '█';

    private async Task<JsonElement[]> ServedPointsAsync(DateTimeOffset from, DateTimeOffset to)
    {
        using var http = new HttpClient { BaseAddress = new Uri(gateway.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestUsers.ViewerToken);
        string query = string.Create(CultureInfo.InvariantCulture,
            $"/api/devices/{ConsoleGateway.SpikingDevice}/series?channel=1&resolution=1m&from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(to.ToString("O", CultureInfo.InvariantCulture))}");
        JsonElement body = await http.GetFromJsonAsync<JsonElement>(query);
        return body.GetProperty("points").EnumerateArray().ToArray();
    }
}
