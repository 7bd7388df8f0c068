using System.Net;
using System.Net.Http.Json;
using IotStack.Gateway.Api;
using IotStack.Gateway.Auth;
using IotStack.Gateway.Broker.Access;
using IotStack.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IotStack.Gateway.Tests.Api;

/// <summary>Enrolment tokens over the API (what <c>iotstack devices claim-token</c> calls): admins only, the token shown once.</summary>
public sealed class ClaimTokenApiTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task CreateListRevoke_Admin_TokenOnceThenHashOnly()
    {
        string admin = ApiTokens.NewToken(), operatorToken = ApiTokens.NewToken();
        await using TestGateway gateway = await TestGateway.StartAsync(new()
        {
            ["IotStack:Storage:SqlitePath"] = _dir.File("gw.db"),
            ["Console:Tokens:0:Name"] = "admin", ["Console:Tokens:0:TokenHash"] = ApiTokens.Hash(admin), ["Console:Tokens:0:Role"] = "Admin",
            ["Console:Tokens:1:Name"] = "ops", ["Console:Tokens:1:TokenHash"] = ApiTokens.Hash(operatorToken), ["Console:Tokens:1:Role"] = "Operator",
        });
        using HttpClient asAdmin = ApiClient.For(gateway.App, admin);
        using HttpClient asOperator = ApiClient.For(gateway.App, operatorToken);

        Assert.Equal(HttpStatusCode.Forbidden, (await asOperator.PostAsJsonAsync("/api/claim-tokens", new ClaimTokenRequest("plant"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asOperator.GetAsync(new Uri("/api/claim-tokens", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await asAdmin.PostAsJsonAsync("/api/claim-tokens", new ClaimTokenRequest("plant", TtlSeconds: 0))).StatusCode);
        using HttpResponseMessage created = await asAdmin.PostAsJsonAsync("/api/claim-tokens", new ClaimTokenRequest("plant", TtlSeconds: 600, MaxBoards: 3));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        ClaimTokenDto token = (await created.Content.ReadFromJsonAsync<ClaimTokenDto>())!;
        List<ClaimTokenDto> listed = (await asAdmin.GetFromJsonAsync<List<ClaimTokenDto>>("/api/claim-tokens"))!;

        Assert.StartsWith(token.Id + ".", token.Token, StringComparison.Ordinal);
        Assert.Equal((3, "plant"), (token.MaxBoards, token.Fleet));
        Assert.NotNull(token.BrokerPort);
        ClaimTokenDto again = Assert.Single(listed);
        Assert.Null(again.Token);
        Assert.True(gateway.App.Services.GetRequiredService<ClaimTokenStore>().Authenticates(token.Id, token.Token![(token.Id.Length + 1)..], out _));
        Assert.Equal(HttpStatusCode.NoContent, (await asAdmin.DeleteAsync(new Uri("/api/claim-tokens/" + token.Id, UriKind.Relative))).StatusCode);
        Assert.True((await asAdmin.GetFromJsonAsync<List<ClaimTokenDto>>("/api/claim-tokens"))!.Single().Revoked);
        Assert.Equal(HttpStatusCode.NotFound, (await asAdmin.DeleteAsync(new Uri("/api/claim-tokens/nope", UriKind.Relative))).StatusCode);
    }
}
