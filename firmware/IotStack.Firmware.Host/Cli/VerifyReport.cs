namespace IotStack.Firmware.Host.Cli;

/// <summary>What the verifying subscriber saw. Missing counts holes between each device's first and last sequence, less reboot skips.</summary>
internal readonly record struct VerifyReport(
    int Devices, long Received, long Distinct, long Missing, long SkippedByReboots, long Duplicates, long OutOfOrder, long Replayed, long DecodeErrors)
{
    public bool Clean => Missing == 0 && OutOfOrder == 0 && DecodeErrors == 0;

    public override string ToString() =>
        $"verify: devices {Devices}, batches received {Received} (distinct {Distinct}, replayed {Replayed}), "
        + $"missing {Missing}, skipped by reboots {SkippedByReboots}, out-of-order {OutOfOrder}, duplicates {Duplicates}, undecodable {DecodeErrors}";
}
