using System.Globalization;

namespace IotStack.Ota.Rollouts;

/// <summary>
/// The one name of a wave, shown alike by the API (<c>waveName</c>), the CLI, the console and the demo: wave 0 is the
/// "canary", later waves are "batch 1", "batch 2", … (the policy's CanaryCount and BatchSize, docs/ota.md), and a
/// board not yet given a wave is "waiting". The index stays on the wire as <c>wave</c> for scripts that count.
/// </summary>
internal static class WaveName
{
    public const string Waiting = "waiting";

    public const string Canary = "canary";

    public static string Of(int wave) => wave switch
    {
        < 0 => Waiting,
        0 => Canary,
        _ => "batch " + wave.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>For sentences: "the canary wave", "batch 2".</summary>
    public static string InSentence(int wave) => wave == 0 ? "the canary wave" : Of(wave);
}
