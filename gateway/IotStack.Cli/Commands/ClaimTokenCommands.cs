using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using IotStack.Cli.Client;
using IotStack.Gateway.Api;
using Spectre.Console;

namespace IotStack.Cli.Commands;

/// <summary>
/// <c>devices claim-token create|list|revoke</c>: enrolment tokens for many boards at once (admin token). A board given
/// the token (<c>iotstack-board --claim-token</c>) trades it once for its own credential; see docs/security.md.
/// <c>create</c> prints the token, once: the gateway keeps only its hash.
/// </summary>
internal static class ClaimTokenCommands
{
    public static Command Create()
    {
        var command = new Command("claim-token", "Enrolment tokens: boards holding one claim their own broker credential, once each.");
        command.Subcommands.Add(CreateToken());
        command.Subcommands.Add(ListTokens());
        command.Subcommands.Add(RevokeToken());
        return command;
    }

    private static Command CreateToken()
    {
        var fleet = new Option<string>("--fleet") { Description = "Fleet the boards join.", DefaultValueFactory = _ => "default" };
        var ttl = new Option<string>("--ttl") { Description = "How long the token works: e.g. 30m, 1h, 2d (at most 30d).", DefaultValueFactory = _ => "1h" };
        var max = new Option<int>("--max-boards") { Description = "How many boards it may enrol.", DefaultValueFactory = _ => 100 };
        var command = new Command("create", "Create an enrolment token; it is printed once and only its hash is stored.") { fleet, ttl, max };
        ClientOptions.AddTo(command);
        command.SetAction((parse, ct) => GatewayClient.RunAsync(ClientOptions.Connection(parse), async client =>
        {
            if (!TryParseDuration(parse.GetValue(ttl)!, out TimeSpan lifetime))
            {
                throw new GatewayClientException("--ttl must be a number followed by s, m, h or d, e.g. 1h.");
            }

            var request = new ClaimTokenRequest(parse.GetValue(fleet)!, (int)Math.Min(int.MaxValue, lifetime.TotalSeconds), parse.GetValue(max));
            using HttpResponseMessage response = await client.PostAsJsonAsync("api/claim-tokens", request, GatewayClient.Json, ct).ConfigureAwait(false);
            await GatewayClient.EnsureSuccessAsync(response, ct).ConfigureAwait(false);
            ClaimTokenDto created = await response.Content.ReadFromJsonAsync<ClaimTokenDto>(GatewayClient.Json, ct).ConfigureAwait(false)
                ?? throw new GatewayClientException("The gateway sent no token.");
            AnsiConsole.MarkupLineInterpolated(
                $"Claim token [bold]{created.Id}[/] for fleet {created.Fleet}: up to {created.MaxBoards} boards until {created.ExpiresAt.ToString("u", CultureInfo.InvariantCulture)}.");
            AnsiConsole.MarkupLineInterpolated($"Broker for claims: {created.BrokerHost}:{created.BrokerPort}{(created.CaPem is null ? "" : " (TLS; boards pin the gateway's CA)")}");
            // The token itself goes to stdout alone, so a script can capture it: `TOKEN=$(iotstack devices claim-token create ... | tail -1)`.
            Console.Out.WriteLine(created.Token);
        }));
        return command;
    }

    private static Command ListTokens()
    {
        var command = new Command("list", "List enrolment tokens (never their secrets) and the boards each enrolled.");
        ClientOptions.AddTo(command);
        command.SetAction((parse, ct) => GatewayClient.RunAsync(ClientOptions.Connection(parse), async client =>
        {
            List<ClaimTokenDto> all = await client.GetFromJsonAsync<List<ClaimTokenDto>>("api/claim-tokens", GatewayClient.Json, ct).ConfigureAwait(false) ?? [];
            var table = new Table().AddColumns("id", "fleet", "expires", "boards", "state", "devices");
            DateTimeOffset now = TimeProvider.System.GetUtcNow();
            foreach (ClaimTokenDto t in all)
            {
                string state = t.Revoked ? "revoked" : t.ExpiresAt <= now ? "expired" : t.Claimed >= t.MaxBoards ? "used up" : "live";
                table.AddRow(Markup.Escape(t.Id), Markup.Escape(t.Fleet), t.ExpiresAt.ToString("u", CultureInfo.InvariantCulture),
                    string.Create(CultureInfo.InvariantCulture, $"{t.Claimed}/{t.MaxBoards}"), state, Markup.Escape(string.Join(' ', t.Devices.Take(10)) + (t.Devices.Count > 10 ? " …" : "")));
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }

    private static Command RevokeToken()
    {
        var id = new Argument<string>("id") { Description = "Token id (the part before the '.', as `claim-token list` shows it)." };
        var command = new Command("revoke", "Revoke an enrolment token: no more claims with it (boards already enrolled keep their credentials).") { id };
        ClientOptions.AddTo(command);
        command.SetAction((parse, ct) => GatewayClient.RunAsync(ClientOptions.Connection(parse), async client =>
        {
            string tokenId = parse.GetValue(id)!;
            // Accept the whole token too, but never send its secret part.
            int dot = tokenId.IndexOf('.', StringComparison.Ordinal);
            tokenId = dot > 0 ? tokenId[..dot] : tokenId;
            using HttpResponseMessage response = await client.DeleteAsync(new Uri("api/claim-tokens/" + Uri.EscapeDataString(tokenId), UriKind.Relative), ct).ConfigureAwait(false);
            await GatewayClient.EnsureSuccessAsync(response, ct, $"No claim token '{tokenId}': `iotstack devices claim-token list` lists them.").ConfigureAwait(false);
            AnsiConsole.MarkupLineInterpolated($"Revoked claim token {tokenId}.");
        }));
        return command;
    }

    internal static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        text = text.Trim();
        if (text.Length < 2 || !double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double n) || n <= 0)
        {
            return false;
        }

        double seconds = char.ToLowerInvariant(text[^1]) switch
        {
            's' => n,
            'm' => n * 60,
            'h' => n * 3600,
            'd' => n * 86400,
            _ => -1,
        };
        if (seconds <= 0)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }
}
