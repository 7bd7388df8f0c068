using System.Security.Cryptography.X509Certificates;

namespace IotStack.Gateway.Broker.Tls;

/// <summary>The broker's TLS certificate (with its key) and the CA boards pin, with the CA's PEM file to give them.</summary>
internal sealed record BrokerIdentity(X509Certificate2 Server, X509Certificate2 Ca, string CaFile);
