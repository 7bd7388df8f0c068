using System.Diagnostics.Metrics;
using IotStack.Gateway.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace IotStack.Gateway.Metrics;

/// <summary>
/// OpenTelemetry for the gateway: its own meter plus the platform's (ASP.NET Core, Kestrel, HttpClient, the
/// runtime, Npgsql), scraped at /metrics in the Prometheus format; metrics and traces also go over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is configured (environment or any configuration source, with the other
/// standard <c>OTEL_*</c> settings such as <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>).
/// </summary>
internal static class GatewayTelemetry
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Meters the platform publishes itself since .NET 8/9 (no instrumentation packages needed).</summary>
    private static readonly string[] PlatformMeters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Authorization",
        "Microsoft.AspNetCore.Components",
        "System.Net.Http",
        "System.Net.NameResolution",
        "System.Runtime",
        "Npgsql",
    ];

    /// <summary>Activity sources traced over OTLP: incoming requests, outgoing HTTP (webhooks, S3), PostgreSQL commands.</summary>
    private static readonly string[] TraceSources = ["Microsoft.AspNetCore", "System.Net.Http", "Npgsql"];

    public static IServiceCollection AddGatewayTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        bool otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);
        OpenTelemetryBuilder telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("iotstack-gateway"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(GatewayMetrics.MeterName).AddMeter(PlatformMeters);
                // A scrape shows the counts as they are now: no cached response between scrapes.
                metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        services.ConfigureOpenTelemetryMeterProvider((sp, builder) =>
        {
            // Meters from a host's factory are scoped to it: several gateways in one process (tests) must not export
            // each other's instruments, nor those of a GatewayMetrics built without a host. Process-wide platform
            // meters (the runtime's) have no scope and are everyone's.
            IMeterFactory own = sp.GetRequiredService<IMeterFactory>();
            builder.AddView(instrument => IsOwn(instrument.Meter, own) ? null : MetricStreamConfiguration.Drop);
        });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing.AddSource(TraceSources).AddOtlpExporter());
        }

        return services;
    }

    private static bool IsOwn(Meter meter, IMeterFactory own) =>
        ReferenceEquals(meter.Scope, own) || (meter.Scope is null && meter.Name != GatewayMetrics.MeterName);

    /// <summary>/metrics: anonymous from the gateway's own machine, a viewer from elsewhere (<see cref="ConsolePolicies.Metrics"/>).</summary>
    public static IEndpointConventionBuilder MapGatewayMetrics(this IEndpointRouteBuilder app) =>
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(ConsolePolicies.Metrics);
}
