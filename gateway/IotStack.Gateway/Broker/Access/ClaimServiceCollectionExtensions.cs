using Microsoft.Extensions.DependencyInjection;

namespace IotStack.Gateway.Broker.Access;

internal static class ClaimServiceCollectionExtensions
{
    /// <summary>Enrolment tokens and the claim desk: boards holding a token trade it for their own credential over MQTT.</summary>
    public static IServiceCollection AddBoardClaims(this IServiceCollection services)
    {
        services.AddSingleton(sp => new ClaimTokenStore(sp.GetRequiredService<DeviceCredentialStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ClaimInbox>();
        services.AddSingleton<IMqttRoute>(sp => sp.GetRequiredService<ClaimInbox>());
        services.AddHostedService<ClaimDesk>();
        return services;
    }
}
