using IotStack.Gateway.Auth;
using IotStack.Gateway.Broker;
using IotStack.Gateway.Broker.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace IotStack.Gateway.Api;

/// <summary>
/// Enrolment tokens (admins only): create one (the token is in this answer and nowhere else), list them (never the
/// secrets), revoke one (boards already enrolled keep their credentials). <c>iotstack devices claim-token create|list|revoke</c>
/// call these; boards trade a token for their own credential over MQTT (<see cref="ClaimDesk"/>).
/// </summary>
internal static class ClaimTokenApi
{
    public static RouteGroupBuilder MapClaimTokenApi(this RouteGroupBuilder api)
    {
        api.MapGet("/claim-tokens", List).RequireAuthorization(ConsolePolicies.Admin);
        api.MapPost("/claim-tokens", Create).RequireAuthorization(ConsolePolicies.Admin);
        api.MapDelete("/claim-tokens/{id}", Revoke).RequireAuthorization(ConsolePolicies.Admin);
        return api;
    }

    private static Ok<List<ClaimTokenDto>> List(ClaimTokenStore store) => TypedResults.Ok(store.All.Select(t => Describe(t)).ToList());

    private static Results<Ok<ClaimTokenDto>, BadRequest<string>> Create(ClaimTokenRequest request, ClaimTokenStore store, BrokerEndpoint endpoint)
    {
        try
        {
            (ClaimToken token, string text) = store.Create(request.Fleet, TimeSpan.FromSeconds(request.TtlSeconds), request.MaxBoards);
            var broker = endpoint.ForBoards();
            return TypedResults.Ok(Describe(token) with { Token = text, BrokerHost = broker.Host, BrokerPort = broker.Port, CaPem = broker.CaPem });
        }
        catch (ArgumentException ex)
        {
            return TypedResults.BadRequest(ex.Message);
        }
    }

    private static Results<NoContent, NotFound<string>> Revoke(string id, ClaimTokenStore store) =>
        store.Revoke(id) ? TypedResults.NoContent() : TypedResults.NotFound($"No claim token '{id}'.");

    private static ClaimTokenDto Describe(ClaimToken t) =>
        new(t.Id, t.Fleet, t.CreatedAt, t.ExpiresAt, t.MaxBoards, t.Claimed.Count, t.Revoked, t.Claimed);
}
