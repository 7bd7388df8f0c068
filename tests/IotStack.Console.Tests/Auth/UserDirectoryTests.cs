using System.Text.RegularExpressions;
using IotStack.Gateway.Auth;
using Microsoft.Extensions.Logging.Abstractions;

namespace IotStack.Console.Tests.Auth;

public sealed partial class UserDirectoryTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "iotstack-users-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public void Constructor_NoUsers_PrintsFirstRunPasswordOnceAndStoresOnlyItsHash()
    {
        var options = new ConsoleOptions { FirstRunFile = Path.Combine(_folder, "admin.json") };
        var announced = new StringWriter();
        var users = new UserDirectory(options, announced, NullLogger<UserDirectory>.Instance);

        string password = PasswordPattern().Match(announced.ToString()).Groups[1].Value;
        Assert.NotEmpty(password);
        Assert.Equal(new ConsoleIdentity("admin", ConsoleRole.Admin), users.VerifyPassword("admin", password));
        Assert.DoesNotContain(password, File.ReadAllText(options.FirstRunFile), StringComparison.Ordinal);

        var again = new StringWriter();
        var restarted = new UserDirectory(options, again, NullLogger<UserDirectory>.Instance);
        Assert.Empty(again.ToString());
        Assert.NotNull(restarted.VerifyPassword("admin", password));
    }

    [Fact]
    public void Constructor_ConfiguredUsers_NoFirstRunAdmin()
    {
        var options = new ConsoleOptions
        {
            FirstRunFile = Path.Combine(_folder, "admin.json"),
            Users = [new ConsoleUserOptions { Name = "olga", PasswordHash = PasswordHashing.Hash("pw", 1_000), Role = ConsoleRole.Operator }],
        };
        var announced = new StringWriter();
        var users = new UserDirectory(options, announced, NullLogger<UserDirectory>.Instance);

        Assert.Empty(announced.ToString());
        Assert.False(File.Exists(options.FirstRunFile));
        Assert.Equal(ConsoleRole.Operator, users.VerifyPassword("OLGA", "pw")?.Role);
        Assert.Null(users.VerifyPassword("olga", "wrong"));
        Assert.Null(users.VerifyPassword("nobody", "pw"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [GeneratedRegex("password: (\\S+)")]
    private static partial Regex PasswordPattern();
}
