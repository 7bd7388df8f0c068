using IotStack.Firmware.Host.Hal;
using IotStack.Protocol;

namespace IotStack.Firmware.Host.Claim;

/// <summary>What one claim came to: the gateway's answer (and the credential when issued), or no answer at all.</summary>
internal sealed record ClaimOutcome(ClaimStatus? Status, BrokerCredential? Credential, string? Error = null)
{
    public bool Issued => Status == ClaimStatus.Issued && Credential is not null;

    public override string ToString() => Status?.ToString() ?? "no answer: " + Error;
}
