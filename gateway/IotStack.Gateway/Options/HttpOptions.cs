namespace IotStack.Gateway.Options;

internal sealed class HttpOptions
{
    /// <summary>Loopback by default: the API has no authentication, so exposing it is an explicit choice.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";
}
