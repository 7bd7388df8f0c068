using System.Text.RegularExpressions;
using IotStack.Cli.Commands;
using IotStack.Gateway.Auth;

namespace IotStack.Console.Tests.Commands;

public sealed class ConsoleCommandsTests
{
    [Fact]
    public void HashPassword_Password_PrintsAHashThatVerifies()
    {
        var output = new StringWriter();
        Assert.Equal(0, ConsoleCommands.HashPassword("pa55word", output));
        string hash = output.ToString().Trim();
        Assert.True(PasswordHashing.Verify("pa55word", hash));
        Assert.DoesNotContain("pa55word", hash, StringComparison.Ordinal);
    }

    [Fact]
    public void HashPassword_Empty_Exit2()
    {
        Assert.Equal(2, ConsoleCommands.HashPassword("", TextWriter.Null));
    }

    [Fact]
    public void NewToken_PrintsTokenAndAMatchingHashEntry()
    {
        var output = new StringWriter();
        ConsoleCommands.NewToken("ci", ConsoleRole.Operator, output);
        string text = output.ToString();
        string token = Regex.Match(text, "shown once, give it to the script\\): (\\S+)").Groups[1].Value;
        string hash = Regex.Match(text, "\"TokenHash\": \"([^\"]+)\"").Groups[1].Value;
        Assert.True(ApiTokens.Matches(token, hash));
        Assert.Contains("\"Role\": \"Operator\"", text, StringComparison.Ordinal);
    }
}
