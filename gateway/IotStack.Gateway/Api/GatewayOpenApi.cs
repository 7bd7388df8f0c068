using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace IotStack.Gateway.Api;

/// <summary>
/// The OpenAPI document at /openapi/v1.json: only the JSON API and /health (the console's pages and its own page
/// data are not an API), the bearer scheme every /api route needs (RFC 6750), and examples for the main calls.
/// </summary>
internal static class GatewayOpenApi
{
    public const string BearerScheme = "Bearer";

    public static IServiceCollection AddGatewayOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.ShouldInclude = description => description.RelativePath is { } path
                && (path.StartsWith("api/", StringComparison.Ordinal) || path == "health");
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "IotStack gateway API";
                document.Info.Description = "Devices, telemetry, alerts, commands, host maintenance and OTA. Every /api route needs "
                    + "`Authorization: Bearer <token>` (the gateway writes an admin token to .iotstack/api-token on first start; "
                    + "viewers read, operators also acknowledge, resolve and command, admins also run host commands and rollouts).";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An API token from Console:ApiTokens or the generated .iotstack/api-token file.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                IList<object> metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
                {
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
                    operation.Responses ??= new OpenApiResponses();
                    operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No token, or an unknown one." });
                    operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The token's role may not do this." });
                }

                OpenApiExamples.Apply(context.Description.HttpMethod, context.Description.RelativePath, operation);
                return Task.CompletedTask;
            });
        });
}
