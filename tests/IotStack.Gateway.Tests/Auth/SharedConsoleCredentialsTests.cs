using IotStack.Cli.Commands;
using IotStack.Gateway.Auth;
using IotStack.Gateway.Tests.Support;
using IotStack.TestServices;
using Microsoft.Extensions.Logging.Abstractions;

namespace IotStack.Gateway.Tests.Auth;

/// <summary>Gateways on one PostgreSQL database share the generated console credentials (docs/scale.md).</summary>
public sealed class SharedConsoleCredentialsTests : IAsyncLifetime
{
    private readonly TempDirectory _gatewayA = new();
    private readonly TempDirectory _gatewayB = new();
    private PostgresTestDatabase? _database;

    public async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync("consoletest");

    public async Task DisposeAsync()
    {
        _gatewayA.Dispose();
        _gatewayB.Dispose();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public void TokenDirectory_SecondGateway_AcceptsTheLocalTokenTheFirstCreatedAndWritesNoFile()
    {
        using var sharedA = new SharedConsoleCredentials(_database!.ConnectionString);
        using var sharedB = new SharedConsoleCredentials(_database.ConnectionString);
        var a = new TokenDirectory(new ConsoleOptions { ApiTokenFile = _gatewayA.File("api-token") }, NullLogger<TokenDirectory>.Instance, sharedA);
        var b = new TokenDirectory(new ConsoleOptions { ApiTokenFile = _gatewayB.File("api-token") }, NullLogger<TokenDirectory>.Instance, sharedB);
        string token = File.ReadAllText(_gatewayA.File("api-token")).Trim();

        Assert.Equal(new ConsoleIdentity("token:" + LocalAdminToken.Name, ConsoleRole.Admin), a.Verify(token));
        Assert.Equal(new ConsoleIdentity("token:" + LocalAdminToken.Name, ConsoleRole.Admin), b.Verify(token));
        Assert.False(File.Exists(_gatewayB.File("api-token")));
        Assert.Null(b.Verify(ApiTokens.NewToken()));
    }

    [Fact]
    public void UserDirectory_TwoGateways_PasswordPrintedOnceSignsInOnBothAndAResetAppliesToBoth()
    {
        using var shared = new SharedConsoleCredentials(_database!.ConnectionString);
        var announcedA = new StringWriter();
        var announcedB = new StringWriter();
        var a = new UserDirectory(new ConsoleOptions { FirstRunFile = _gatewayA.File("console-admin.json") }, announcedA, NullLogger<UserDirectory>.Instance, shared);
        var b = new UserDirectory(new ConsoleOptions { FirstRunFile = _gatewayB.File("console-admin.json") }, announcedB, NullLogger<UserDirectory>.Instance, shared);
        string password = PasswordIn(announcedA.ToString());

        Assert.Empty(announcedB.ToString());
        Assert.NotNull(a.VerifyPassword("admin", password));
        Assert.NotNull(b.VerifyPassword("admin", password));
        Assert.False(File.Exists(_gatewayA.File("console-admin.json")));

        var output = new StringWriter();
        Assert.Equal(0, ConsoleCommands.ResetSharedPassword(_database.ConnectionString, output, TextWriter.Null));
        string fresh = PasswordIn(output.ToString());

        Assert.Null(a.VerifyPassword("admin", password));
        Assert.NotNull(a.VerifyPassword("admin", fresh));
        Assert.NotNull(b.VerifyPassword("admin", fresh));
    }

    private static string PasswordIn(string printed)
    {
        string first = printed.Split('\n')[0];
        return first[(first.LastIndexOf(": ", StringComparison.Ordinal) + 2)..].Trim();
    }
}
