using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace IotStack.Ota.Stores;

/// <summary>Releases in an S3 bucket (AWS or S3-compatible). Range reads let the chunk server fetch large images piece by piece.</summary>
internal sealed class S3ImageStore : IImageStore, IDisposable
{
    private readonly IAmazonS3 _s3;
    private readonly S3StoreOptions _options;
    private readonly SemaphoreSlim _bucketGate = new(1, 1);
    private bool _bucketReady;

    public S3ImageStore(S3StoreOptions options)
    {
        _options = options;
        var config = new AmazonS3Config { ForcePathStyle = options.ForcePathStyle };
        if (!string.IsNullOrEmpty(options.ServiceUrl))
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }

        _s3 = string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }

    public string Description => $"s3://{_options.Bucket}/{_options.Prefix}";

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        StoreKeys.RequireSafe(key);
        try
        {
            await EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
            using var stream = new MemoryStream(content.ToArray(), writable: false);
            await _s3.PutObjectAsync(
                new PutObjectRequest
                {
                    BucketName = _options.Bucket,
                    Key = _options.Prefix + key,
                    InputStream = stream,
                    UseChunkEncoding = _options.UseChunkEncoding,
                    DisablePayloadSigning = _options.DisablePayloadSigning,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException e)
        {
            throw new ImageStoreException($"Cannot write {key} to {Description}: {e.Message}", e);
        }
    }

    public Task<StoreRead> ReadAllAsync(string key, CancellationToken cancellationToken) =>
        GetAsync(key, null, cancellationToken);

    public Task<StoreRead> ReadRangeAsync(string key, long offset, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return GetAsync(key, new ByteRange(offset, offset + count - 1), cancellationToken);
    }

    public async Task<StoreLength> GetLengthAsync(string key, CancellationToken cancellationToken)
    {
        StoreKeys.RequireSafe(key);
        try
        {
            var meta = await _s3.GetObjectMetadataAsync(_options.Bucket, _options.Prefix + key, cancellationToken).ConfigureAwait(false);
            return new StoreLength(StoreStatus.Ok, meta.ContentLength, null);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return new StoreLength(StoreStatus.NotFound, 0, $"{key} not found");
        }
        catch (AmazonServiceException e)
        {
            return new StoreLength(StoreStatus.Failed, 0, e.Message);
        }
    }

    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = _options.Prefix + prefix };
        try
        {
            while (true)
            {
                var response = await _s3.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
                foreach (var o in response.S3Objects ?? [])
                {
                    keys.Add(o.Key[_options.Prefix.Length..]);
                }

                if (response.IsTruncated != true)
                {
                    break;
                }

                request.ContinuationToken = response.NextContinuationToken;
            }
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    public void Dispose()
    {
        _s3.Dispose();
        _bucketGate.Dispose();
    }

    private async Task<StoreRead> GetAsync(string key, ByteRange? range, CancellationToken cancellationToken)
    {
        StoreKeys.RequireSafe(key);
        try
        {
            var request = new GetObjectRequest { BucketName = _options.Bucket, Key = _options.Prefix + key };
            if (range is not null)
            {
                request.ByteRange = range;
            }

            using var response = await _s3.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return StoreRead.Ok(buffer.ToArray());
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return StoreRead.NotFound(key);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            return StoreRead.Ok([]);
        }
        catch (AmazonServiceException e)
        {
            return StoreRead.Failed(e.Message);
        }
        catch (HttpRequestException e)
        {
            return StoreRead.Failed(e.Message);
        }
    }

    private async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        if (_bucketReady || !_options.CreateBucketIfMissing)
        {
            return;
        }

        await _bucketGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_bucketReady)
            {
                return;
            }

            try
            {
                await _s3.PutBucketAsync(new PutBucketRequest { BucketName = _options.Bucket }, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
            {
                // Fine: another publisher or an earlier run created it.
            }

            _bucketReady = true;
        }
        finally
        {
            _bucketGate.Release();
        }
    }
}
