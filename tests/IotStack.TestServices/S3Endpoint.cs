namespace IotStack.TestServices;

/// <summary>s3rver stores aws-chunked framing as content: uploads must set UseChunkEncoding = false.</summary>
public sealed record S3Endpoint(string ServiceUrl, string AccessKey, string SecretKey);
