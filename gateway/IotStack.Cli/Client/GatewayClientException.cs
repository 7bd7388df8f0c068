namespace IotStack.Cli.Client;

internal sealed class GatewayClientException(string message) : Exception(message);
