namespace IotStack.Maintenance.Hosts;

internal enum TrustRecordResult
{
    Recorded,
    Unchanged,
    HostNotFound,
    InvalidFingerprint,
    InvalidConfigFile,
}
