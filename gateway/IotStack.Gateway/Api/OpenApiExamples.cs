using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace IotStack.Gateway.Api;

/// <summary>Example requests and answers for the calls an operator or a script makes first.</summary>
internal static class OpenApiExamples
{
    private const string Device = """
        {"deviceId":"vdev-0001","fleet":"demo","state":"Online","online":true,"firstSeen":"2026-12-06T08:00:00+00:00",
         "lastSeen":"2026-12-06T09:14:05+00:00","firmware":"1.4.0","board":"esp32-c3","uptimeSeconds":4445,"sensorErrors":0,
         "queueDropped":0,"sendFailures":0,"lastSequence":1482}
        """;

    private const string Alert = """
        {"id":3,"deviceId":"vdev-0001","channel":1,"rule":"above-max","source":"detector","status":"Open","severity":"Warning",
         "flapping":false,"openedAt":"2026-12-06T09:12:00+00:00","lastSignalAt":"2026-12-06T09:14:00+00:00","acknowledgedAt":null,
         "resolvedAt":null,"resolvedBy":null,"signalCount":7,"lastValue":41.2,"message":"temperature 41.2 above max 40","sensorHealth":false}
        """;

    private static readonly Dictionary<string, (string? Request, string? Response)> ByRoute = new(StringComparer.Ordinal)
    {
        ["GET api/devices"] = (null, $"[{Device}]"),
        ["GET api/devices/{id}"] = (null, Device),
        ["GET api/devices/{id}/series"] = (null, """
            {"deviceId":"vdev-0001","channel":1,"channelName":"temperature","resolution":"raw",
             "from":"2026-12-06T08:14:00+00:00","to":"2026-12-06T09:14:00+00:00",
             "points":[{"time":"2026-12-06T09:13:00+00:00","min":21.4,"max":21.9,"mean":21.6,"count":6}]}
            """),
        ["GET api/alerts"] = (null, $"[{Alert}]"),
        ["POST api/alerts/{id}/ack"] = ("""{"by":"olga"}""", Alert.Replace("\"Open\"", "\"Acknowledged\"", StringComparison.Ordinal)),
        ["POST api/alerts/{id}/resolve"] = ("""{"by":"olga"}""", null),
        ["POST api/devices/{id}/commands"] = ("""{"kind":"set-thresholds","channel":1,"min":-10,"max":40}""", null),
    };

    public static void Apply(string? method, string? path, OpenApiOperation operation)
    {
        if (method is null || path is null || !ByRoute.TryGetValue($"{method} {Normalize(path)}", out var example))
        {
            return;
        }

        if (example.Request is { } request && operation.RequestBody?.Content is { } requestContent)
        {
            foreach (OpenApiMediaType media in requestContent.Values.OfType<OpenApiMediaType>())
            {
                media.Example = JsonNode.Parse(request);
            }
        }

        if (example.Response is { } response && operation.Responses?.TryGetValue("200", out IOpenApiResponse? ok) == true && ok.Content is { } content)
        {
            foreach (OpenApiMediaType media in content.Values.OfType<OpenApiMediaType>())
            {
                media.Example = JsonNode.Parse(response);
            }
        }
    }

    /// <summary>Route constraints are not part of the documented path (<c>{id:long}</c> is <c>{id}</c>).</summary>
    private static string Normalize(string path) =>
        System.Text.RegularExpressions.Regex.Replace(path, @"\{(\w+):[^}]+\}", "{$1}");
}
