namespace IotStack.Firmware.Host.Claim;

/// <summary>
/// An enrolment token as <c>iotstack devices claim-token create</c> prints it, <c>{id}.{secret}</c>: the id names the
/// broker user (<c>claim@{id}</c>), the secret is its password. Printing it shows the id only.
/// </summary>
internal sealed record ClaimTokenText(string Id, string Secret)
{
    public const string UserPrefix = "claim@";

    public string User => UserPrefix + Id;

    public static bool TryParse(string? text, out ClaimTokenText? token)
    {
        token = null;
        text = text?.Trim();
        int dot = text?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (text is null || dot <= 0 || dot == text.Length - 1 || !IotStack.Protocol.DeviceTopics.IsValidId(text[..dot]))
        {
            return false;
        }

        token = new ClaimTokenText(text[..dot], text[(dot + 1)..]);
        return true;
    }

    public override string ToString() => Id;
}
