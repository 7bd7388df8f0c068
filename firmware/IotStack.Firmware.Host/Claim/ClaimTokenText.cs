using IotStack.Firmware.Claim;

namespace IotStack.Firmware.Host.Claim;

/// <summary>
/// An enrolment token as <c>iotstack devices claim-token create</c> prints it, <c>{id}.{secret}</c>: the id names the
/// broker user (<c>claim@{id}</c>), the secret is its password. Printing it shows the id only.
/// </summary>
internal sealed record ClaimTokenText(string Id, string Secret)
{
    public const string UserPrefix = "claim@";

    public string User => UserPrefix + Id;

    /// <summary>Parsed by the firmware's own rules (<see cref="ClaimToken.Parse"/>), so a token the CLI takes a board takes too.</summary>
    public static bool TryParse(string? text, out ClaimTokenText? token)
    {
        ClaimToken? parsed = ClaimToken.Parse(text);
        token = parsed is null ? null : new ClaimTokenText(parsed.Id, parsed.Secret);
        return token is not null;
    }

    /// <summary>The firmware's form of the token; null when the parts do not make one (a test's altered secret).</summary>
    public ClaimToken? ToClaimToken() => ClaimToken.Parse(Id + "." + Secret);

    public override string ToString() => Id;
}
