using System.Net;
using System.Net.Sockets;
using IotStack.Gateway.Options;

namespace IotStack.Cli.Commands;

/// <summary>
/// Before the host starts: is each address the gateway will listen on free? A busy port is then one line, not the
/// host's start-up failure log. Kestrel's own bind error stays the backstop for a port taken in between.
/// </summary>
internal static class PortCheck
{
    /// <summary>The first address in use, as "http://127.0.0.1:5080" or "MQTT 127.0.0.1:1883", else null.</summary>
    public static string? FirstBusy(GatewayOptions options)
    {
        foreach (string url in options.Http.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out Uri? uri)
                && IsBusy(uri.Host, uri.Port))
            {
                return url;
            }
        }

        BrokerOptions broker = options.Broker;
        return broker.Mode == BrokerMode.Embedded && IsBusy(broker.Host, broker.Port) ? $"MQTT {broker.Host}:{broker.Port}" : null;
    }

    private static bool IsBusy(string host, int port)
    {
        if (port == 0)
        {
            return false;
        }

        // A host name is probed on the address it resolves to, never on every interface; one that does not resolve is
        // left to Kestrel's own bind error.
        IPAddress? address = host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host.Trim('[', ']'), out IPAddress? parsed) ? parsed : Resolve(host);
        if (address is null)
        {
            return false;
        }

        var listener = new TcpListener(address, port);
        try
        {
            listener.Start();
            return false;
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            return true;
        }
        catch (SocketException)
        {
            return false; // not an address of this machine, say: Kestrel reports it in its own words
        }
        finally
        {
            listener.Stop();
        }
    }

    private static IPAddress? Resolve(string host)
    {
        try
        {
            IPAddress[] addresses = Dns.GetHostAddresses(host);
            return addresses.Length > 0 ? addresses[0] : null;
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
