namespace nanoFramework.Networking;

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
