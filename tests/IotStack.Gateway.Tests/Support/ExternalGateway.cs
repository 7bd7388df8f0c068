using System.Globalization;
using IotStack.TestServices;

namespace IotStack.Gateway.Tests.Support;

/// <summary>Settings of an in-process gateway on the suite's Mosquitto (its gateway account), with SQLite or PostgreSQL storage.</summary>
internal static class ExternalGateway
{
    /// <param name="partitions">Device ownership's <c>Cluster:Partitions</c>; 0 leaves it off.</param>
    public static Dictionary<string, string?> Settings(string clientId, string? sqlite = null, string? postgres = null, string sharedGroup = "", int partitions = 0) => new()
    {
        ["IotStack:Cluster:Partitions"] = partitions.ToString(CultureInfo.InvariantCulture),
        ["IotStack:Cluster:Name"] = clientId,
        ["IotStack:Cluster:PollInterval"] = "00:00:00.200",
        ["IotStack:Broker:Mode"] = "External",
        ["IotStack:Broker:Host"] = ServiceEndpoints.Mosquitto.Host,
        ["IotStack:Broker:Port"] = TestGateway.Port(ServiceEndpoints.Mosquitto.Port),
        ["IotStack:Broker:Username"] = ServiceEndpoints.MosquittoAccount.User,
        ["IotStack:Broker:Password"] = ServiceEndpoints.MosquittoAccount.Password,
        ["IotStack:Broker:ClientId"] = clientId,
        ["IotStack:Broker:SharedGroup"] = sharedGroup,
        ["IotStack:Storage:Provider"] = postgres is null ? "Sqlite" : "Postgres",
        ["IotStack:Storage:SqlitePath"] = sqlite ?? "",
        ["IotStack:Storage:PostgresConnectionString"] = postgres ?? "",
    };
}
