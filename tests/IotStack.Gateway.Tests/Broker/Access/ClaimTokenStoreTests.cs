using IotStack.Gateway.Broker.Access;
using IotStack.Gateway.Tests.Support;
using IotStack.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace IotStack.Gateway.Tests.Broker.Access;

public sealed class ClaimTokenStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Reserve_EachRule_RefusesWithItsStatus()
    {
        var store = new ClaimTokenStore(_dir.File("tokens"), _clock);
        (ClaimToken token, string text) = store.Create("plant", TimeSpan.FromMinutes(30), maxBoards: 2);
        string secret = text[(text.IndexOf('.', StringComparison.Ordinal) + 1)..];

        Assert.Equal(ClaimStatus.BadToken, store.Reserve(token.Id, "wrong", "plant", "b1", () => false));
        Assert.Equal(ClaimStatus.BadToken, store.Reserve(token.Id, secret, "other-fleet", "b1", () => false));
        Assert.Equal(ClaimStatus.BadToken, store.Reserve("unknown", secret, "plant", "b1", () => false));
        Assert.Equal(ClaimStatus.Invalid, store.Reserve(token.Id, secret, "plant", "bad/id", () => false));
        Assert.Equal(ClaimStatus.AlreadyClaimed, store.Reserve(token.Id, secret, "plant", "has-credential", () => true));
        Assert.Equal(ClaimStatus.Issued, store.Reserve(token.Id, secret, "plant", "b1", () => false));
        Assert.Equal(ClaimStatus.AlreadyClaimed, store.Reserve(token.Id, secret, "plant", "b1", () => false));
        Assert.Equal(ClaimStatus.Issued, store.Reserve(token.Id, secret, "plant", "b2", () => false));
        Assert.Equal(ClaimStatus.Exhausted, store.Reserve(token.Id, secret, "plant", "b3", () => false));
    }

    [Fact]
    public void Reserve_AfterExpiryOrRevocation_Refused()
    {
        var store = new ClaimTokenStore(_dir.File("tokens"), _clock);
        (ClaimToken expiring, string expiringText) = store.Create("plant", TimeSpan.FromMinutes(30), 10);
        (ClaimToken revoked, string revokedText) = store.Create("plant", TimeSpan.FromMinutes(30), 10);
        Assert.True(store.Authenticates(expiring.Id, Secret(expiringText), out _));

        Assert.True(store.Revoke(revoked.Id));
        _clock.Advance(TimeSpan.FromMinutes(30));

        Assert.Equal(ClaimStatus.Expired, store.Reserve(expiring.Id, Secret(expiringText), "plant", "b1", () => false));
        Assert.Equal(ClaimStatus.Revoked, store.Reserve(revoked.Id, Secret(revokedText), "plant", "b1", () => false));
        Assert.False(store.Authenticates(expiring.Id, Secret(expiringText), out _));
        Assert.False(store.Revoke("unknown"));
    }

    [Fact]
    public void Reload_KeepsTokensClaimsAndRevocationButNoSecret()
    {
        var store = new ClaimTokenStore(_dir.File("tokens"), _clock);
        (ClaimToken token, string text) = store.Create("plant", TimeSpan.FromHours(2), 5);
        Assert.Equal(ClaimStatus.Issued, store.Reserve(token.Id, Secret(text), "plant", "b1", () => false));
        (ClaimToken other, _) = store.Create("plant", TimeSpan.FromHours(2), 5);
        store.Revoke(other.Id);

        var reloaded = new ClaimTokenStore(_dir.File("tokens"), _clock);

        ClaimToken again = reloaded.Find(token.Id)!;
        Assert.Equal(["b1"], again.Claimed);
        Assert.Equal(token.ExpiresAt, again.ExpiresAt);
        Assert.True(reloaded.Find(other.Id)!.Revoked);
        Assert.Equal(ClaimStatus.AlreadyClaimed, reloaded.Reserve(token.Id, Secret(text), "plant", "b1", () => false));
        Assert.DoesNotContain(Secret(text), File.ReadAllText(_dir.File("tokens")), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_dir.File("tokens")));
        }
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(31 * 24 * 3600, 10)]
    [InlineData(3600, 0)]
    public void Create_OutOfRange_Refused(int seconds, int maxBoards)
    {
        var store = new ClaimTokenStore(_dir.File("tokens"), _clock);
        Assert.Throws<ArgumentException>(() => store.Create("plant", TimeSpan.FromSeconds(seconds), maxBoards));
    }

    private static string Secret(string text) => text[(text.IndexOf('.', StringComparison.Ordinal) + 1)..];
}
