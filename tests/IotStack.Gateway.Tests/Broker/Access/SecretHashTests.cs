using IotStack.Gateway.Broker.Access;

namespace IotStack.Gateway.Tests.Broker.Access;

public sealed class SecretHashTests
{
    [Fact]
    public void Verify_RightAndWrongSecret_OnlyRightMatches()
    {
        string secret = SecretHash.NewSecret();
        string hash = SecretHash.Hash(secret);

        Assert.StartsWith("$7$", hash, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, hash, StringComparison.Ordinal);
        Assert.True(SecretHash.Verify(secret, hash));
        Assert.False(SecretHash.Verify(secret + "x", hash));
        Assert.False(SecretHash.Verify(null, hash));
        Assert.False(SecretHash.Verify(secret, "$7$x$y$z"));
    }

    [Fact]
    public void Verify_HashMadeByMosquittoPasswd_Matches()
    {
        // mosquitto_passwd 2.0.11 for user "gw", password "gwsecret": the same encoding both ways.
        const string Mosquitto = "$7$101$sd6sZwOiqoruKX0A$HxwldcRNnVIhfF8df0L90cMywQgTSRfxfP+xr6dKzKBBWVmZRY6/XNwE3Nn0yFMkEtFFmUTvjLhwQ7YA99XUrg==";
        Assert.True(SecretHash.Verify("gwsecret", Mosquitto));
        Assert.False(SecretHash.Verify("gwsecreT", Mosquitto));
    }
}
