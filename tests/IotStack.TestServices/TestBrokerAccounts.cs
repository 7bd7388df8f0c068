using System.Diagnostics;
using System.Security.Cryptography;

namespace IotStack.TestServices;

/// <summary>
/// The two accounts of a test Mosquitto, the same as tools/test.sh gives the shared one: <see cref="Gateway"/> reads and
/// writes every topic; <see cref="Board"/> has the board role (publishes only board → gateway topics and reads only
/// command and OTA offer/chunk topics, of any fleet and device). Secrets are random per broker; the password file is
/// written by mosquitto_passwd, as an operator would, and anonymous clients are refused.
/// </summary>
public sealed class TestBrokerAccounts
{
    private static readonly string[] BoardWrites = ["telemetry", "finding", "log", "status", "cmd/reply", "ota/request", "ota/progress"];
    private static readonly string[] BoardReads = ["cmd", "ota/offer", "ota/chunk"];

    private TestBrokerAccounts(string folder)
    {
        PasswordFile = Path.Combine(folder, "passwd");
        AclFile = Path.Combine(folder, "acl");
    }

    public MqttAccount Gateway { get; } = new("iotstack-test", NewSecret());

    public MqttAccount Board { get; } = new("iotstack-test-board", NewSecret());

    public string PasswordFile { get; }

    public string AclFile { get; }

    /// <summary>Mosquitto configuration lines that load these accounts and refuse anonymous clients.</summary>
    public string Config => $"allow_anonymous false\npassword_file {PasswordFile}\nacl_file {AclFile}\n";

    public static async Task<TestBrokerAccounts> WriteAsync(string folder)
    {
        var accounts = new TestBrokerAccounts(folder);
        await PasswdAsync("-c", "-b", accounts.PasswordFile, accounts.Gateway.User, accounts.Gateway.Password);
        await PasswdAsync("-b", accounts.PasswordFile, accounts.Board.User, accounts.Board.Password);
        string acl = $"user {accounts.Gateway.User}\ntopic readwrite #\n\nuser {accounts.Board.User}\n"
            + string.Concat(BoardWrites.Select(k => $"topic write iot/+/+/{k}\n"))
            + string.Concat(BoardReads.Select(k => $"topic read iot/+/+/{k}\n"));
        await File.WriteAllTextAsync(accounts.AclFile, acl);
        return accounts;
    }

    private static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    private static async Task PasswdAsync(params string[] arguments)
    {
        using Process tool = Process.Start(new ProcessStartInfo("mosquitto_passwd", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        }) ?? throw new InvalidOperationException("mosquitto_passwd did not start");
        Task<string> errors = tool.StandardError.ReadToEndAsync();
        await tool.StandardOutput.ReadToEndAsync();
        await tool.WaitForExitAsync();
        if (tool.ExitCode != 0)
        {
            throw new InvalidOperationException($"mosquitto_passwd failed ({tool.ExitCode}): {await errors}");
        }
    }
}
