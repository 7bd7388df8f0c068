using IotStack.Gateway.Auth;
using IotStack.Gateway.Broker;
using IotStack.Gateway.Broker.Access;
using IotStack.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace IotStack.Gateway.Api;

/// <summary>
/// Board credentials (admins only): issue one (the secret is in this answer and nowhere else), revoke one (the board
/// is cut off at once), list who has one. <c>iotstack devices add|revoke|credentials</c> call these.
/// </summary>
internal static class DeviceCredentialApi
{
    public static RouteGroupBuilder MapDeviceCredentialApi(this RouteGroupBuilder api)
    {
        api.MapGet("/device-credentials", List).RequireAuthorization(ConsolePolicies.Admin);
        api.MapPost("/devices/{id}/credential", Issue).RequireAuthorization(ConsolePolicies.Admin);
        api.MapDelete("/devices/{id}/credential", Revoke).RequireAuthorization(ConsolePolicies.Admin);
        return api;
    }

    private static Ok<List<DeviceCredentialDto>> List(DeviceCredentialStore store) =>
        TypedResults.Ok(store.All.Select(c => new DeviceCredentialDto(c.Fleet, c.Device, c.UserName, null, null, null)).ToList());

    private static Results<Ok<DeviceCredentialDto>, BadRequest<string>> Issue(string id, string fleet, DeviceCredentialStore store, BrokerEndpoint endpoint)
    {
        if (!DeviceTopics.IsValidId(id) || !DeviceTopics.IsValidId(fleet))
        {
            return TypedResults.BadRequest("fleet and device ids must be 1-64 of [A-Za-z0-9_.-]");
        }

        try
        {
            string secret = store.Issue(fleet, id);
            var broker = endpoint.ForBoards();
            return TypedResults.Ok(new DeviceCredentialDto(fleet, id, DeviceCredential.UserNameOf(fleet, id), secret, broker.Host, broker.Port, broker.CaPem));
        }
        catch (ArgumentException ex)
        {
            return TypedResults.BadRequest(ex.Message);
        }
    }

    private static Results<NoContent, NotFound<string>> Revoke(string id, string fleet, DeviceCredentialStore store) =>
        store.Revoke(fleet, id) ? TypedResults.NoContent() : TypedResults.NotFound($"No credential for device '{id}' in fleet '{fleet}'.");
}
