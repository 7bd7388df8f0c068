using IotStack.Gateway.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IotStack.Console.Tests.Auth;

public sealed class ConsoleOptionsValidatorTests
{
    [Fact]
    public void Validate_WellFormedUsersAndTokens_NoErrors()
    {
        var options = new ConsoleOptions
        {
            Users = [new ConsoleUserOptions { Name = "ana", PasswordHash = PasswordHashing.Hash("correct horse", iterations: 1000) }],
            Tokens = [new ConsoleTokenOptions { Name = "ci", TokenHash = ApiTokens.Hash(ApiTokens.NewToken()) }],
        };

        Assert.Empty(ConsoleOptionsValidator.Validate(options));
    }

    [Fact]
    public void Validate_PlainPasswordAndPlainToken_NamesEachEntry()
    {
        var options = new ConsoleOptions
        {
            Users = [new ConsoleUserOptions { Name = "ana", PasswordHash = "hunter2" }],
            Tokens =
            [
                new ConsoleTokenOptions { Name = "ci", TokenHash = ApiTokens.NewToken() },
                new ConsoleTokenOptions { Name = "", TokenHash = "sha256:" + new string('a', 63) },
            ],
        };

        IReadOnlyList<string> errors = ConsoleOptionsValidator.Validate(options);

        Assert.Contains(errors, e => e.StartsWith("Console:Users:0 ('ana'): PasswordHash", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Console:Tokens:0 ('ci'): TokenHash", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Console:Tokens:1: Name is empty", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Console:Tokens:1 (''): TokenHash", StringComparison.Ordinal));
        Assert.Equal(4, errors.Count);
    }

    [Fact]
    public void Validate_NoSignInFailuresAllowedOrZeroWindow_Refused()
    {
        var options = new ConsoleOptions { MaxSignInFailures = 0, SignInWindow = TimeSpan.Zero };

        IReadOnlyList<string> errors = ConsoleOptionsValidator.Validate(options);

        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void AddGatewayAuth_MalformedTokenHash_StopsStartInsteadOfFallingBackToLocalToken()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Console:Tokens:0:Name"] = "ci",
                ["Console:Tokens:0:TokenHash"] = "not-a-hash",
            })
            .Build();

        var failure = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddGatewayAuth(configuration));

        Assert.Contains("Console:Tokens:0 ('ci')", Assert.Single(failure.Failures), StringComparison.Ordinal);
    }
}
