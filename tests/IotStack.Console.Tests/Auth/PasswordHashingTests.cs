using IotStack.Gateway.Auth;

namespace IotStack.Console.Tests.Auth;

public sealed class PasswordHashingTests
{
    [Fact]
    public void Verify_SamePassword_True()
    {
        string hash = PasswordHashing.Hash("s3cret!", 1_000);
        Assert.True(PasswordHashing.Verify("s3cret!", hash));
    }

    [Fact]
    public void Verify_OtherPassword_False()
    {
        string hash = PasswordHashing.Hash("s3cret!", 1_000);
        Assert.False(PasswordHashing.Verify("s3cret?", hash));
        Assert.False(PasswordHashing.Verify("", hash));
    }

    [Fact]
    public void Hash_SamePasswordTwice_DifferentSalts()
    {
        Assert.NotEqual(PasswordHashing.Hash("same", 1_000), PasswordHashing.Hash("same", 1_000));
    }

    [Fact]
    public void Hash_Default_UsesAtLeast600kIterationsAndHidesThePassword()
    {
        string hash = PasswordHashing.Hash("visible-password");
        Assert.StartsWith("pbkdf2-sha256$600000$", hash, StringComparison.Ordinal);
        Assert.DoesNotContain("visible-password", hash, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-text-password")]
    [InlineData("pbkdf2-sha256$abc$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("pbkdf2-sha256$1000$not base64$AAAA")]
    [InlineData("md5$1000$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==")]
    public void Verify_MalformedHash_FalseNotException(string encoded)
    {
        Assert.False(PasswordHashing.IsWellFormed(encoded));
        Assert.False(PasswordHashing.Verify("anything", encoded));
    }
}
