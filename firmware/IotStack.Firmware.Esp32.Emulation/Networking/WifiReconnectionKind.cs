namespace System.Device.Wifi;

public enum WifiReconnectionKind
{
    Automatic,
    Manual,
}
