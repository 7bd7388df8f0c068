using IotStack.Gateway.Auth;

namespace IotStack.Console.Tests.Support;

/// <summary>One user and one token per role, as configuration entries (hashes only, as in production).</summary>
internal static class TestUsers
{
    public const string Password = "correct horse battery staple";

    // Few iterations keep sign-in fast in tests; the count is part of the hash, so the code path is the production one.
    private const int Iterations = 1_000;

    public static readonly string ViewerToken = ApiTokens.NewToken();
    public static readonly string OperatorToken = ApiTokens.NewToken();
    public static readonly string AdminToken = ApiTokens.NewToken();

    /// <summary>A viewer only the sign-in lockout test uses, so locking it out disturbs no other test.</summary>
    public const string LockoutUser = "lou";

    public static string NameOf(ConsoleRole role) => role switch
    {
        ConsoleRole.Admin => "ada",
        ConsoleRole.Operator => "olga",
        _ => "vic",
    };

    public static void AddTo(IDictionary<string, string?> settings)
    {
        int i = 0;
        foreach (ConsoleRole role in Enum.GetValues<ConsoleRole>())
        {
            settings[$"Console:Users:{i}:Name"] = NameOf(role);
            settings[$"Console:Users:{i}:PasswordHash"] = PasswordHashing.Hash(Password, Iterations);
            settings[$"Console:Users:{i}:Role"] = role.ToString();
            i++;
        }

        settings["Console:Tokens:0:Name"] = "viewer-script";
        settings["Console:Tokens:0:TokenHash"] = ApiTokens.Hash(ViewerToken);
        settings["Console:Tokens:0:Role"] = "Viewer";
        settings["Console:Tokens:1:Name"] = "operator-script";
        settings["Console:Tokens:1:TokenHash"] = ApiTokens.Hash(OperatorToken);
        settings["Console:Tokens:1:Role"] = "Operator";
        settings["Console:Tokens:2:Name"] = "admin-script";
        settings["Console:Tokens:2:TokenHash"] = ApiTokens.Hash(AdminToken);
        settings["Console:Tokens:2:Role"] = "Admin";
        settings[$"Console:Users:{i}:Name"] = LockoutUser;
        settings[$"Console:Users:{i}:PasswordHash"] = PasswordHashing.Hash(Password, Iterations);
        settings[$"Console:Users:{i}:Role"] = nameof(ConsoleRole.Viewer);
    }
}
