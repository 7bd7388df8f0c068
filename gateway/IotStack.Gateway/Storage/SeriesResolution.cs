namespace IotStack.Gateway.Storage;

/// <summary>Stored as text in API answers; numbers are not persisted.</summary>
internal enum SeriesResolution
{
    Raw,
    Minute,
    Hour,
}
