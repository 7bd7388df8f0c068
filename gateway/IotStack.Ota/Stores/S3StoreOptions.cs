namespace IotStack.Ota.Stores;

/// <summary>
/// Configuration section "S3". Credentials come from configuration (environment variables
/// <c>S3__AccessKey</c>/<c>S3__SecretKey</c> in production); empty means the SDK's default chain.
/// </summary>
internal sealed class S3StoreOptions
{
    public const string Section = "S3";

    /// <summary>Endpoint for S3-compatible servers (MinIO, s3rver, Ceph); empty for AWS itself.</summary>
    public string? ServiceUrl { get; set; }

    public string Region { get; set; } = "us-east-1";

    /// <summary>bucket in the path rather than the host name: required by most S3-compatible servers.</summary>
    public bool ForcePathStyle { get; set; } = true;

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    public string Bucket { get; set; } = "iotstack-ota";

    /// <summary>Key prefix inside the bucket, e.g. "prod/".</summary>
    public string Prefix { get; set; } = "";

    /// <summary>
    /// aws-chunked (streaming SigV4) uploads. Off by default: s3rver answers 200 and stores the chunk
    /// framing as the object's content (SERVICES.md §4). AWS S3 accepts both.
    /// </summary>
    public bool UseChunkEncoding { get; set; }

    /// <summary>Sends UNSIGNED-PAYLOAD (only sensible over TLS); some S3-compatible servers need it.</summary>
    public bool DisablePayloadSigning { get; set; }

    public bool CreateBucketIfMissing { get; set; } = true;
}
