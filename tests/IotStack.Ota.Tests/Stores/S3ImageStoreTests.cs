using IotStack.Ota.Stores;
using IotStack.TestServices;

namespace IotStack.Ota.Tests.Stores;

/// <summary>Against the live s3rver started by tools/test.sh; each test gets its own bucket.</summary>
public sealed class S3ImageStoreTests : ImageStoreContractTests
{
    internal static S3StoreOptions Options(string bucket)
    {
        var endpoint = ServiceEndpoints.S3;
        return new S3StoreOptions
        {
            ServiceUrl = endpoint.ServiceUrl,
            AccessKey = endpoint.AccessKey,
            SecretKey = endpoint.SecretKey,
            Bucket = bucket,
            Prefix = "fleet/",
        };
    }

    internal static string NewBucket() => "ota-" + Guid.NewGuid().ToString("N")[..20];

    internal override IImageStore CreateStore() => new S3ImageStore(Options(NewBucket()));
}
