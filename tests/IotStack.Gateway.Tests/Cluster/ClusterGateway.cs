using System.Text.Json;
using IotStack.Gateway.Tests.Chaos;
using IotStack.Gateway.Tests.Support;

namespace IotStack.Gateway.Tests.Cluster;

/// <summary>One gateway process of an <see cref="OwnershipScene"/> and what it says about itself over HTTP.</summary>
internal sealed record ClusterGateway(string Name, GatewayProcess Process)
{
    /// <summary>/health <c>cluster.partitions</c>: the partitions this gateway owns (empty without the field or an answer).</summary>
    public async Task<int[]> PartitionsAsync()
    {
        string body = await Process.HealthBodyAsync();
        if (body.Length == 0)
        {
            return [];
        }

        using var health = JsonDocument.Parse(body);
        return health.RootElement.TryGetProperty("cluster", out JsonElement cluster)
               && cluster.TryGetProperty("partitions", out JsonElement partitions) && partitions.ValueKind == JsonValueKind.Array
            ? partitions.EnumerateArray().Select(p => p.GetInt32()).Order().ToArray()
            : [];
    }

    /// <summary>One scrape of its /metrics.</summary>
    public async Task<PrometheusScrape> MetricsAsync()
    {
        using var http = new HttpClient { BaseAddress = Process.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        return await PrometheusScrape.ReadAsync(http);
    }

    public override string ToString() => Name;
}
