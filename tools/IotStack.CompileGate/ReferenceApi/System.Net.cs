// Reference-only declarations of nanoFramework.System.Net 1.11.60: the certificate type M2Mqtt's constructor takes and
// the network helper status the Wi-Fi helper reports. Sockets, NetworkInterface and the Ethernet helper are not declared.
namespace System.Security.Cryptography.X509Certificates
{
    public class X509Certificate
    {
        public X509Certificate() => throw null;
        public X509Certificate(byte[] certificate) => throw null;
        public X509Certificate(string certificate) => throw null;
        public virtual string Issuer => throw null;
        public virtual string Subject => throw null;
        public virtual DateTime GetEffectiveDate() => throw null;
        public virtual DateTime GetExpirationDate() => throw null;
        public virtual byte[] GetRawCertData() => throw null;
    }
}

namespace nanoFramework.Networking
{
    public enum NetworkHelperStatus
    {
        None,
        Started,
        NetworkIsReady,
        FailedNoNetworkInterface,
        TokenExpiredWaitingIPAddress,
        TokenExpiredWaitingDateTime,
        ErrorConnetingToWiFiWhileScanning,
        ExceptionOccurred,
        Reconnecting,
    }
}
