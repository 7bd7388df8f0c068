using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace IotStack.TestServices.Tests;

/// <summary>Proves IOTSTACK_TEST_S3 is a real S3-compatible store that keeps content byte for byte.</summary>
public sealed class S3ServiceTests
{
    private const string Content = "0123456789abcdef";

    [Fact]
    public async Task GetObject_AfterPutWithoutChunkEncoding_ReturnsSameContent()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var s3 = CreateClient();
        var (bucket, key) = await PutAsync(s3, cts.Token);

        using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, cts.Token);

        Assert.Equal(Content, await ReadAllAsync(response, cts.Token));
    }

    [Fact]
    public async Task GetObject_ByteRange_ReturnsPartialContent()
    {
        // A status check alone passes on corrupt data (aws-chunked framing stored as content), so read the bytes.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var s3 = CreateClient();
        var (bucket, key) = await PutAsync(s3, cts.Token);

        using var response = await s3.GetObjectAsync(
            new GetObjectRequest { BucketName = bucket, Key = key, ByteRange = new ByteRange(4, 7) }, cts.Token);

        Assert.Equal(HttpStatusCode.PartialContent, response.HttpStatusCode);
        Assert.Equal("4567", await ReadAllAsync(response, cts.Token));
    }

    private static AmazonS3Client CreateClient()
    {
        var endpoint = ServiceEndpoints.S3;
        var config = new AmazonS3Config
        {
            ServiceURL = endpoint.ServiceUrl,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
        };
        return new AmazonS3Client(new BasicAWSCredentials(endpoint.AccessKey, endpoint.SecretKey), config);
    }

    private static async Task<(string Bucket, string Key)> PutAsync(AmazonS3Client s3, CancellationToken ct)
    {
        var bucket = "smoke-" + Guid.NewGuid().ToString("N")[..20];
        const string Key = "images/fw.bin";
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, ct);
        using var body = new MemoryStream(Encoding.ASCII.GetBytes(Content));
        await s3.PutObjectAsync(
            new PutObjectRequest { BucketName = bucket, Key = Key, InputStream = body, UseChunkEncoding = false }, ct);
        return (bucket, Key);
    }

    private static async Task<string> ReadAllAsync(GetObjectResponse response, CancellationToken ct)
    {
        using var reader = new StreamReader(response.ResponseStream, Encoding.ASCII);
        return await reader.ReadToEndAsync(ct);
    }
}
