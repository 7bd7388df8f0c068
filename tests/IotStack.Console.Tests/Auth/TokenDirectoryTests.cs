using IotStack.Gateway.Auth;
using Microsoft.Extensions.Logging.Abstractions;

namespace IotStack.Console.Tests.Auth;

public sealed class TokenDirectoryTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "iotstack-tokens-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public void Verify_ConfiguredHash_ActsAsTokenNameWithItsRoleAndWritesNoFile()
    {
        string token = ApiTokens.NewToken();
        var options = new ConsoleOptions
        {
            ApiTokenFile = Path.Combine(_folder, "api-token"),
            Tokens = [new ConsoleTokenOptions { Name = "ci", TokenHash = ApiTokens.Hash(token), Role = ConsoleRole.Operator }],
        };
        var tokens = new TokenDirectory(options, NullLogger<TokenDirectory>.Instance);

        Assert.Equal(new ConsoleIdentity("token:ci", ConsoleRole.Operator), tokens.Verify(token));
        Assert.Null(tokens.Verify(ApiTokens.NewToken()));
        Assert.Null(tokens.LocalTokenFile);
        Assert.False(File.Exists(options.ApiTokenFile));
    }

    [Fact]
    public void Constructor_NoTokenConfigured_WritesOwnerOnlyAdminTokenThatVerifies()
    {
        var options = new ConsoleOptions { ApiTokenFile = Path.Combine(_folder, "nested", "api-token") };
        var tokens = new TokenDirectory(options, NullLogger<TokenDirectory>.Instance);
        string token = File.ReadAllText(options.ApiTokenFile).Trim();

        Assert.Equal(Path.GetFullPath(options.ApiTokenFile), tokens.LocalTokenFile);
        Assert.Equal(new ConsoleIdentity("token:" + LocalAdminToken.Name, ConsoleRole.Admin), tokens.Verify(token));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(options.ApiTokenFile));
        }
    }

    [Fact]
    public void Constructor_MalformedTokenFile_ReplacedWithOwnerOnlyToken()
    {
        string path = Path.Combine(_folder, "api-token");
        Directory.CreateDirectory(_folder);
        File.WriteAllText(path, "not a token");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        }

        var tokens = new TokenDirectory(new ConsoleOptions { ApiTokenFile = path }, NullLogger<TokenDirectory>.Instance);

        Assert.NotNull(tokens.Verify(File.ReadAllText(path).Trim()));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
