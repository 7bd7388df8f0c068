using System.CommandLine;
using IotStack.Ota.Releases;
using IotStack.Ota.Signing;
using IotStack.Ota.Stores;
using Microsoft.Extensions.Logging.Abstractions;

namespace IotStack.Cli.Commands;

/// <summary>
/// <c>iotstack ota keygen|publish|releases</c>: operator-side OTA. Signing happens here, on the operator's
/// machine; only the manifest, its signature and the image files go to the store. Register with
/// <c>OtaCommands.Create()</c> in Program.cs. Campaign commands (rollout, status) go through the gateway's API.
/// </summary>
internal static class OtaCommands
{
    public static Command Create()
    {
        var ota = new Command("ota", "Over-the-air updates: signing keys, signed releases.");
        ota.Subcommands.Add(Keygen());
        ota.Subcommands.Add(Publish());
        ota.Subcommands.Add(Releases());
        ota.Subcommands.Add(OtaCampaignCommands.Rollout());
        ota.Subcommands.Add(OtaCampaignCommands.Status());
        return ota;
    }

    private static Option<string?> StoreOption() =>
        new("--store") { Description = "Release folder (default), or s3://bucket/prefix with S3__ServiceUrl, S3__AccessKey, S3__SecretKey in the environment." };

    private static Command Keygen()
    {
        var privateKey = new Option<string>("--private") { Description = "Private key file to create (mode 600; keep it off the gateway).", DefaultValueFactory = _ => "ota-signing.key" };
        var publicKey = new Option<string>("--public") { Description = "Public key file for boards.", DefaultValueFactory = _ => "ota-signing.pub" };
        var command = new Command("keygen", "Create an Ed25519 release signing key pair.") { privateKey, publicKey };
        command.SetAction(parse =>
        {
            try
            {
                var key = KeyFiles.Generate(parse.GetValue(privateKey)!, parse.GetValue(publicKey)!);
                Console.WriteLine($"public key {Convert.ToHexStringLower(key)} written to {parse.GetValue(publicKey)}");
                return 0;
            }
            catch (SigningException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        });
        return command;
    }

    private static Command Publish()
    {
        var image = new Argument<string>("image") { Description = "A .bin file or a nanoFramework deployment folder (.pe files and resources)." };
        var version = new Option<string>("--version") { Description = "Release version, e.g. 1.4.0.", Required = true };
        var board = new Option<string>("--board") { Description = "Board type the image is for.", Required = true };
        var minimum = new Option<string?>("--minimum") { Description = "Anti-rollback floor: boards that install this refuse anything below it." };
        var key = new Option<string>("--key") { Description = "Private key file.", DefaultValueFactory = _ => "ota-signing.key" };
        var store = StoreOption();
        var command = new Command("publish", "Hash, sign and upload a release.") { image, version, board, minimum, key, store };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                using var signer = ReleaseSigner.FromFile(parse.GetValue(key)!);
                var imageStore = OpenStore(parse.GetValue(store));
                var release = await new ReleasePublisher(imageStore, TimeProvider.System, NullLogger<ReleasePublisher>.Instance)
                    .PublishAsync(await ReleaseImage.LoadAsync(parse.GetValue(image)!, ct), parse.GetValue(version)!, parse.GetValue(board)!, parse.GetValue(minimum), signer, ct);
                Console.WriteLine($"published {release} ({release.Manifest.Files.Length} files, {release.Manifest.TotalSize} bytes) to {imageStore.Description}");
                return 0;
            }
            catch (Exception e) when (e is SigningException or ImageStoreException or ArgumentException or IOException)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        });
        return command;
    }

    private static Command Releases()
    {
        var board = new Option<string>("--board") { Description = "Board type.", Required = true };
        var store = StoreOption();
        var command = new Command("releases", "List the releases published for a board.") { board, store };
        command.SetAction(async (parse, ct) =>
        {
            var imageStore = OpenStore(parse.GetValue(store));
            var keys = await imageStore.ListAsync($"releases/{parse.GetValue(board)}/", ct);
            string[] versions = keys.Where(k => k.EndsWith("/manifest.bin", StringComparison.Ordinal)).Select(k => k.Split('/')[2]).ToArray();
            if (versions.Length == 0)
            {
                Console.Error.WriteLine($"No releases for board '{parse.GetValue(board)}' in {imageStore.Description}: publish one with `iotstack ota publish`.");
                return 1;
            }

            foreach (string version in versions)
            {
                Console.WriteLine(version);
            }

            return 0;
        });
        return command;
    }

    private static IImageStore OpenStore(string? spec)
    {
        if (spec is not null && spec.StartsWith("s3://", StringComparison.Ordinal))
        {
            var path = spec["s3://".Length..];
            var slash = path.IndexOf('/');
            return new S3ImageStore(new S3StoreOptions
            {
                Bucket = slash < 0 ? path : path[..slash],
                Prefix = slash < 0 ? "" : path[(slash + 1)..],
                ServiceUrl = Environment.GetEnvironmentVariable("S3__ServiceUrl"),
                AccessKey = Environment.GetEnvironmentVariable("S3__AccessKey"),
                SecretKey = Environment.GetEnvironmentVariable("S3__SecretKey"),
                Region = Environment.GetEnvironmentVariable("S3__Region") ?? "us-east-1",
            });
        }

        return new LocalFolderImageStore(spec ?? "releases");
    }
}
