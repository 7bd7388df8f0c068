namespace IotStack.Gateway.Api;

/// <summary>
/// A board's broker identity; <see cref="Secret"/> only in the answer that issued it, with where boards connect (the
/// embedded broker's TLS listener when it has one) and the CA they pin (PEM; null for plain MQTT).
/// </summary>
internal sealed record DeviceCredentialDto(string Fleet, string Device, string UserName, string? Secret, string? BrokerHost, int? BrokerPort, string? CaPem = null);
