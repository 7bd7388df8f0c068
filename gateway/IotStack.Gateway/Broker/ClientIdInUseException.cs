namespace IotStack.Gateway.Broker;

/// <summary>Another live gateway owns this MQTT client id (and so its persistent session); this one must not start.</summary>
internal sealed class ClientIdInUseException(string message) : Exception(message);
