using IotStack.Firmware.Host.Claim;

namespace IotStack.Firmware.Host.Tests.Claim;

public sealed class ClaimTokenTextTests
{
    [Fact]
    public void TryParse_IdDotSecret_SplitsAtFirstDotAndNamesClaimUser()
    {
        Assert.True(ClaimTokenText.TryParse(" 0a1b2c3d4e5f.Ab-_9xyz \n", out ClaimTokenText? token));

        Assert.Equal("0a1b2c3d4e5f", token!.Id);
        Assert.Equal("Ab-_9xyz", token.Secret);
        Assert.Equal("claim@0a1b2c3d4e5f", token.User);
        Assert.DoesNotContain(token.Secret, token.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData(".secret")]
    [InlineData("id.")]
    [InlineData("bad/id.secret")]
    public void TryParse_Malformed_False(string? text) => Assert.False(ClaimTokenText.TryParse(text, out _));
}
