using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using IotStack.Gateway.Api;
using IotStack.Ota.Rollouts;

namespace IotStack.Cli.Commands;

/// <summary><c>iotstack ota rollout|status</c>: thin clients of a running gateway's <c>/api/ota/campaigns</c>.</summary>
internal static class OtaCampaignCommands
{
    public static Command Rollout()
    {
        var board = new Option<string>("--board") { Description = "Board type of the release.", Required = true };
        var version = new Option<string>("--version") { Description = "Release version (published with 'ota publish').", Required = true };
        var group = new Option<string?>("--group") { Description = "Target group: all, a fleet name, fleet:NAME or board:TYPE." };
        var devices = new Option<string[]>("--device") { Description = "Target board as fleet/device (repeatable).", AllowMultipleArgumentsPerToken = true };
        var canary = new Option<int>("--canary") { Description = "Boards in the canary wave.", DefaultValueFactory = _ => 1 };
        var batch = new Option<int>("--batch") { Description = "Boards per later wave.", DefaultValueFactory = _ => 10 };
        var soak = new Option<double>("--soak") { Description = "Seconds each wave is watched before the next.", DefaultValueFactory = _ => 600 };
        var rollback = new Option<string?>("--rollback-to") { Description = "Release offered to updated boards if the health gate fails." };
        var command = new Command("rollout", "Start a campaign on a running gateway (admin token).") { board, version, group, devices, canary, batch, soak, rollback };
        ClientOptions.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var request = new CampaignRequest(parse.GetValue(board)!, parse.GetValue(version)!, Group: parse.GetValue(group), Devices: parse.GetValue(devices),
                RollbackVersion: parse.GetValue(rollback), CanaryCount: parse.GetValue(canary), BatchSize: parse.GetValue(batch), SoakSeconds: parse.GetValue(soak));
            using HttpClient http = ClientOptions.Connection(parse).CreateClient();
            using HttpResponseMessage response = await http.PostAsJsonAsync(new Uri("api/ota/campaigns", UriKind.Relative), request, ct).ConfigureAwait(false);
            return await PrintAsync(response, ct, $"The gateway has no OTA: start it with --Ota:PublicKeyFile=ota-signing.pub (or Ota:PublicKeyFile in appsettings.json).").ConfigureAwait(false);
        });
        return command;
    }

    public static Command Status()
    {
        var id = new Argument<string?>("id") { Description = "Campaign id; all campaigns when omitted.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("status", "Show campaigns, or one campaign's boards, on a running gateway.") { id };
        ClientOptions.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using HttpClient http = ClientOptions.Connection(parse).CreateClient();
            string? campaign = parse.GetValue(id) is { Length: > 0 } given ? given : null;
            string path = campaign is not null ? "api/ota/campaigns/" + Uri.EscapeDataString(campaign) : "api/ota/campaigns";
            using HttpResponseMessage response = await http.GetAsync(new Uri(path, UriKind.Relative), ct).ConfigureAwait(false);
            return await PrintAsync(response, ct, campaign is not null
                ? $"No campaign '{campaign}' (or the gateway has no OTA): `iotstack ota status` lists them."
                : "The gateway has no OTA: start it with --Ota:PublicKeyFile=ota-signing.pub (or Ota:PublicKeyFile in appsettings.json).").ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>One campaign of the list as a line: "id: Soaking, batch 1, 4/4 confirmed, 0 failed".</summary>
    internal static string CampaignLine(JsonElement campaign)
    {
        JsonElement state = campaign.GetProperty("state");
        string stateText = state.ValueKind == JsonValueKind.Number ? ((CampaignState)state.GetInt32()).ToString() : state.ToString();
        return $"{campaign.GetProperty("id")}: {stateText}, {campaign.GetProperty("waveName")}, {campaign.GetProperty("confirmed")}/{campaign.GetProperty("devices")} confirmed, {campaign.GetProperty("failed")} failed {campaign.GetProperty("reason")}".TrimEnd();
    }

    /// <param name="notFound">What a 404 means for this call, said instead of the status.</param>
    private static async Task<int> PrintAsync(HttpResponseMessage response, CancellationToken ct, string notFound)
    {
        string body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            // A refused rollout says why ("Release esp32 9.9.9 is not in the catalog or does not verify."), not its JSON.
            string detail = Client.GatewayClient.ProblemDetail(body);
            Console.Error.WriteLine(response.StatusCode == System.Net.HttpStatusCode.NotFound ? notFound
                : detail.Length > 0 ? detail : $"{(int)response.StatusCode} {response.ReasonPhrase}");
            if (Client.GatewayClient.Hint(response.StatusCode) is { } hint)
            {
                Console.Error.WriteLine(hint);
            }

            return 1;
        }

        using JsonDocument document = JsonDocument.Parse(body);
        if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("devices", out JsonElement devices) && devices.ValueKind == JsonValueKind.Array)
        {
            var root = document.RootElement;
            Console.WriteLine($"{root.GetProperty("id")}: {(CampaignState)root.GetProperty("state").GetInt32()}, {root.GetProperty("waveName")} {root.GetProperty("reason")}".TrimEnd());
            foreach (JsonElement d in devices.EnumerateArray())
            {
                Console.WriteLine($"  {d.GetProperty("fleet")}/{d.GetProperty("device")}  {d.GetProperty("waveName"),-8}  {(DeviceRolloutState)d.GetProperty("state").GetInt32()}  {d.GetProperty("percent")}%  {d.GetProperty("reason")}".TrimEnd());
            }

            return 0;
        }

        if (document.RootElement.ValueKind == JsonValueKind.Array)
        {
            // One line a campaign, as an operator scans them; `ota status <id>` has the boards.
            if (document.RootElement.GetArrayLength() == 0)
            {
                Console.WriteLine("No campaigns yet: `iotstack ota rollout` starts one.");
            }

            foreach (JsonElement c in document.RootElement.EnumerateArray())
            {
                Console.WriteLine(CampaignLine(c));
            }

            return 0;
        }

        Console.WriteLine(JsonSerializer.Serialize(document.RootElement, new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }
}
