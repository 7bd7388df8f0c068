using System.Text.RegularExpressions;
using IotStack.Cli.Commands;
using IotStack.Gateway.Auth;
using Microsoft.Extensions.Logging.Abstractions;

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

    [Fact]
    public void ResetPassword_FirstRunAdmin_NewPasswordSignsInOnTheRunningGatewayAndTheOldOneNoLonger()
    {
        string folder = Directory.CreateTempSubdirectory("iotstack-reset-").FullName;
        try
        {
            var options = new ConsoleOptions { FirstRunFile = Path.Combine(folder, "console-admin.json") };
            var announced = new StringWriter();
            var running = new UserDirectory(options, announced, NullLogger<UserDirectory>.Instance);
            string old = Regex.Match(announced.ToString(), "password: (\\S+)").Groups[1].Value;

            var output = new StringWriter();
            Assert.Equal(0, ConsoleCommands.ResetPassword(options.FirstRunFile, output, TextWriter.Null));

            string fresh = Regex.Match(output.ToString(), "shown once, stored nowhere\\): (\\S+)").Groups[1].Value;
            Assert.NotEmpty(fresh);
            Assert.NotEqual(old, fresh);
            Assert.Equal(new ConsoleIdentity("admin", ConsoleRole.Admin), running.VerifyPassword("admin", fresh));
            Assert.Null(running.VerifyPassword("admin", old));
            Assert.DoesNotContain(fresh, File.ReadAllText(options.FirstRunFile), StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(options.FirstRunFile));
            }

            Assert.NotNull(new UserDirectory(options, TextWriter.Null, NullLogger<UserDirectory>.Instance).VerifyPassword("admin", fresh));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ResetPassword_NoFirstRunAdmin_SaysWhereItLookedAndExits1()
    {
        string missing = Path.Combine(Path.GetTempPath(), "iotstack-none-" + Guid.NewGuid().ToString("N"), "console-admin.json");
        var error = new StringWriter();

        Assert.Equal(1, ConsoleCommands.ResetPassword(missing, TextWriter.Null, error));

        Assert.Contains("No first-run admin in " + missing, error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
    }
}
