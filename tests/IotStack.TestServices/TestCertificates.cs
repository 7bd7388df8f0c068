using System.Diagnostics;

namespace IotStack.TestServices;

/// <summary>
/// A throwaway CA and a broker certificate it signed (ECDSA P-256, SANs localhost, 127.0.0.1 and ::1), made with the
/// openssl command line the way an operator would for Mosquitto (tools/test.sh uses the same recipe), so tests do not
/// trust the gateway's own certificate code to check itself.
/// </summary>
public sealed class TestCertificates
{
    private TestCertificates(string folder) => Folder = folder;

    public string Folder { get; }

    public string CaFile => Path.Combine(Folder, "ca.crt");

    public string CertificateFile => Path.Combine(Folder, "server.crt");

    public string KeyFile => Path.Combine(Folder, "server.key");

    /// <summary>
    /// Certificates made elsewhere under the same names (ca.crt, server.crt, server.key), such as the gateway's local CA
    /// folder, for a broker that should present them.
    /// </summary>
    public static TestCertificates FromFolder(string folder) => new(folder);

    public static async Task<TestCertificates> CreateAsync(string? folder = null)
    {
        folder ??= Directory.CreateTempSubdirectory("iotstack-ca-").FullName;
        Directory.CreateDirectory(folder);
        var created = new TestCertificates(folder);
        string ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
        await File.WriteAllTextAsync(Path.Combine(folder, "server.ext"),
            "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n");
        await OpenSslAsync(folder, $"req -x509 {ec} -keyout ca.key -out ca.crt -days 30 -subj /CN=iotstack-test-ca "
            + "-addext basicConstraints=critical,CA:TRUE,pathlen:0 -addext keyUsage=critical,keyCertSign,cRLSign");
        await OpenSslAsync(folder, $"req {ec} -keyout server.key -out server.csr -subj /CN=localhost");
        await OpenSslAsync(folder, "x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 30 -extfile server.ext");
        return created;
    }

    private static async Task OpenSslAsync(string folder, string arguments)
    {
        var start = new ProcessStartInfo("openssl", arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        Task<string> errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {arguments} failed: {await errors}");
        }
    }
}
