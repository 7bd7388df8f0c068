using System.CommandLine;
using System.Text.Json;
using IotStack.Firmware.Host.Hal;
using IotStack.Firmware.Host.Ota;

namespace IotStack.Firmware.Host.Cli;

/// <summary>
/// <c>iotstack-board loader init</c>: the files a new board needs on I:\ to boot its first release through the OTA loader
/// (slot 0 and the boot record, see <see cref="FirstRelease"/>), plus a deploy.json for nanoff's file deployment.
/// </summary>
internal static class LoaderCommand
{
    /// <summary>Enough for any release (the manifest caps a release at 32 files); the board's own budget is checked there.</summary>
    private const long OutputBudget = 64L * 1024 * 1024;

    public static Command Create(TextWriter output)
    {
        var release = new Option<string>("--release")
        {
            Description = "A published release folder: manifest.bin, manifest.sig and files/ (releases/{board}/{version}/ in a local image store).",
            Required = true,
        };
        var key = new Option<string>("--ota-public-key") { Description = "Public key file of the release signer (or its 64 hex digits): the manifest must verify.", Required = true };
        var outDir = new Option<string>("--out") { Description = "Folder to write the board's files and deploy.json into (created; must be empty).", Required = true };
        var board = new Option<string?>("--board") { Description = "Refuse a release for another board type (e.g. esp32)." };
        var serialPort = new Option<string?>("--serialport") { Description = "Serial port written into deploy.json (nanoff can also take it on its command line)." };
        var init = new Command("init", "Write slot 0 and a boot record for a release, ready for nanoff's file deployment to I:\\.") { release, key, outDir, board, serialPort };
        init.SetAction(async (parse, cancellationToken) =>
        {
            if (!OtaKeyText.TryLoad(parse.GetValue(key)!, out byte[] publicKey, out string keyError))
            {
                await output.WriteLineAsync("error: --ota-public-key: " + keyError).ConfigureAwait(false);
                return 2;
            }

            string folder = Path.GetFullPath(parse.GetValue(release)!);
            string manifestPath = Path.Combine(folder, "manifest.bin");
            string signaturePath = Path.Combine(folder, "manifest.sig");
            if (!File.Exists(manifestPath) || !File.Exists(signaturePath))
            {
                await output.WriteLineAsync($"error: --release: {folder} has no manifest.bin and manifest.sig").ConfigureAwait(false);
                return 2;
            }

            string target = Path.GetFullPath(parse.GetValue(outDir)!);
            if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            {
                await output.WriteLineAsync($"error: --out: {target} is not empty").ConfigureAwait(false);
                return 2;
            }

            var flash = new FolderFlashStore(target, OutputBudget);
            string? error = FirstRelease.Install(
                flash,
                await File.ReadAllBytesAsync(manifestPath, cancellationToken).ConfigureAwait(false),
                await File.ReadAllBytesAsync(signaturePath, cancellationToken).ConfigureAwait(false),
                name => ReadReleaseFile(folder, name),
                publicKey,
                parse.GetValue(board));
            if (error is not null)
            {
                await output.WriteLineAsync("error: " + error).ConfigureAwait(false);
                return 1;
            }

            string deploy = Path.Combine(target, "deploy.json");
            await File.WriteAllTextAsync(deploy, DeployJson(target, parse.GetValue(serialPort)), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"wrote {Directory.EnumerateFiles(target).Count() - 1} files to {target}; deploy them with: nanoff --filedeployment \"{deploy}\"").ConfigureAwait(false);
            return 0;
        });
        return new Command("loader", "The OTA loader's files for a new board.") { init };
    }

    private static byte[]? ReadReleaseFile(string folder, string name)
    {
        string path = Path.Combine(folder, "files", name);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    /// <summary>nanoff's file deployment list: every file of the folder to the same name on the internal flash drive I:\.</summary>
    internal static string DeployJson(string folder, string? serialPort)
    {
        var files = Directory.EnumerateFiles(folder)
            .Where(f => !string.Equals(Path.GetFileName(f), "deploy.json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => new Dictionary<string, string> { ["DestinationFilePath"] = "I:\\" + Path.GetFileName(f), ["SourceFilePath"] = f })
            .ToArray();
        var document = new Dictionary<string, object>(StringComparer.Ordinal);
        if (serialPort is { Length: > 0 })
        {
            document["serialport"] = serialPort;
        }

        document["files"] = files;
        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true });
    }
}
