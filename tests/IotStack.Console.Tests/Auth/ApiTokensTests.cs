using IotStack.Gateway.Auth;

namespace IotStack.Console.Tests.Auth;

public sealed class ApiTokensTests
{
    [Fact]
    public void Matches_OwnHash_True()
    {
        string token = ApiTokens.NewToken();
        Assert.True(ApiTokens.Matches(token, ApiTokens.Hash(token)));
    }

    [Fact]
    public void Matches_OtherTokensHash_False()
    {
        Assert.False(ApiTokens.Matches(ApiTokens.NewToken(), ApiTokens.Hash(ApiTokens.NewToken())));
    }

    [Fact]
    public void NewToken_Twice_DistinctAndUrlSafe()
    {
        string a = ApiTokens.NewToken(), b = ApiTokens.NewToken();
        Assert.NotEqual(a, b);
        Assert.Matches("^iot_[A-Za-z0-9_-]{43}$", a);
    }

    [Fact]
    public void Hash_DoesNotContainTheToken()
    {
        string token = ApiTokens.NewToken();
        Assert.DoesNotContain(token[4..], ApiTokens.Hash(token), StringComparison.Ordinal);
    }
}
