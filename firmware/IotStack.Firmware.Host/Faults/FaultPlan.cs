using System.Globalization;
using IotStack.Protocol;

namespace IotStack.Firmware.Host.Faults;

/// <summary>
/// The faults to inject, parsed from the CLI's --faults text. Grammar (times from the start of the run):
/// <code>
/// spec   = fault *("," fault)
/// fault  = kind [":" target] "@" time ["+" time] ["=" number]      ; start, duration, magnitude
/// kind   = spike | drift | stuck | noise | dropout | nack | crc | outage | reboot | errorlog | hang
/// target = temperature | humidity | pressure | sht31.temperature | sht31.humidity   ; channels
///        | bme280 | sht31                                                           ; chips
/// time   = number ["ms" | "s" | "m"]                                                ; seconds when bare
/// </code>
/// spike, drift, stuck and noise take a channel (or none: every channel); dropout a channel or a chip; nack a chip;
/// crc only the SHT31 (the BME280 has no CRC); outage, reboot, errorlog and hang no target (hang: release faults only). The magnitude is the spike offset,
/// the drift per second or the noise σ in the channel's unit, or the Error log records per second. Example:
/// <c>spike:temperature@30s,stuck:humidity@60s+20s,nack:bme280@90s+5s,outage@120s+30s,reboot@150s</c>.
/// </summary>
internal sealed class FaultPlan
{
    public const string Bme280 = "bme280";
    public const string Sht31 = "sht31";

    private static readonly string[] ChannelNames =
    [
        Channel.NameOf(Channel.Temperature),
        Channel.NameOf(Channel.Humidity),
        Channel.NameOf(Channel.Pressure),
        Channel.NameOf(Channel.Sht31Temperature),
        Channel.NameOf(Channel.Sht31Humidity),
    ];

    private FaultPlan(IReadOnlyList<FaultSpec> faults) => Faults = faults;

    public static FaultPlan None { get; } = new([]);

    public IReadOnlyList<FaultSpec> Faults { get; }

    public bool IsEmpty => Faults.Count == 0;

    public static bool TryParse(string? text, out FaultPlan plan, out string error)
    {
        plan = None;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var faults = new List<FaultSpec>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryParseOne(part, out FaultSpec? fault, out string reason))
            {
                error = $"fault '{part}': {reason}";
                return false;
            }

            faults.Add(fault!);
        }

        plan = new FaultPlan(faults);
        return true;
    }

    public override string ToString() => string.Join(",", Faults);

    public static string KindName(FaultKind kind) => kind == FaultKind.BadCrc ? "crc" : kind.ToString().ToLowerInvariant();

    public static string FormatTime(TimeSpan time) =>
        time.Ticks % TimeSpan.TicksPerSecond == 0
            ? ((long)time.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
            : ((long)time.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";

    public static bool IsChannel(string target) => Array.IndexOf(ChannelNames, target) >= 0;

    public static bool IsChip(string target) => target is Bme280 or Sht31;

    /// <summary>The channel number for a channel target name; 0 for chips and unknown names.</summary>
    public static byte ChannelOf(string target)
    {
        int index = Array.IndexOf(ChannelNames, target);
        return index < 0 ? (byte)0 : (byte)(index + 1); // names are listed in channel-number order, 1-based
    }

    private static bool TryParseOne(string text, out FaultSpec? fault, out string reason)
    {
        fault = null;
        int at = text.IndexOf('@');
        if (at < 0)
        {
            reason = "missing '@start'";
            return false;
        }

        string head = text[..at];
        string tail = text[(at + 1)..];
        string kindText = head;
        string? target = null;
        int colon = head.IndexOf(':');
        if (colon >= 0)
        {
            kindText = head[..colon];
            target = head[(colon + 1)..].ToLowerInvariant();
        }

        if (!TryParseKind(kindText.ToLowerInvariant(), out FaultKind kind))
        {
            reason = $"unknown kind '{kindText}' (spike, drift, stuck, noise, dropout, nack, crc, outage, reboot, errorlog, hang)";
            return false;
        }

        if (!IsTargetAllowed(kind, target, out reason))
        {
            return false;
        }

        double? magnitude = null;
        int equals = tail.IndexOf('=');
        if (equals >= 0)
        {
            if (!double.TryParse(tail[(equals + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                || !double.IsFinite(value))
            {
                reason = "magnitude after '=' is not a number";
                return false;
            }

            magnitude = value;
            tail = tail[..equals];
        }

        TimeSpan duration = FaultDefaults.Duration(kind);
        int plus = tail.IndexOf('+');
        if (plus >= 0)
        {
            if (kind is FaultKind.Reboot or FaultKind.Hang)
            {
                reason = $"a {KindName(kind)} has no duration";
                return false;
            }

            if (!TryParseTime(tail[(plus + 1)..], out duration) || duration <= TimeSpan.Zero)
            {
                reason = "duration after '+' must be a positive time such as 20s, 500ms or 2m";
                return false;
            }

            tail = tail[..plus];
        }

        if (!TryParseTime(tail, out TimeSpan start))
        {
            reason = "start after '@' must be a time such as 30s, 500ms or 2m";
            return false;
        }

        fault = new FaultSpec(kind, target, start, duration, magnitude);
        return true;
    }

    private static bool TryParseKind(string text, out FaultKind kind)
    {
        kind = text switch
        {
            "spike" => FaultKind.Spike,
            "drift" => FaultKind.Drift,
            "stuck" => FaultKind.Stuck,
            "noise" => FaultKind.Noise,
            "dropout" => FaultKind.Dropout,
            "nack" => FaultKind.Nack,
            "crc" => FaultKind.BadCrc,
            "outage" => FaultKind.Outage,
            "reboot" => FaultKind.Reboot,
            "errorlog" => FaultKind.ErrorLog,
            "hang" => FaultKind.Hang,
            _ => (FaultKind)(-1),
        };
        return kind >= 0;
    }

    private static bool IsTargetAllowed(FaultKind kind, string? target, out string reason)
    {
        reason = string.Empty;
        if (target is null)
        {
            return true;
        }

        bool allowed = kind switch
        {
            FaultKind.Spike or FaultKind.Drift or FaultKind.Stuck or FaultKind.Noise => IsChannel(target),
            FaultKind.Dropout => IsChannel(target) || IsChip(target),
            FaultKind.Nack => IsChip(target),
            FaultKind.BadCrc => target == Sht31,
            _ => false,
        };
        if (!allowed)
        {
            reason = kind switch
            {
                FaultKind.Outage or FaultKind.Reboot or FaultKind.ErrorLog or FaultKind.Hang => "outage, reboot, errorlog and hang hit the whole board and take no target",
                FaultKind.Nack => $"nack takes a chip ({Bme280}, {Sht31}), not '{target}'",
                FaultKind.BadCrc => $"crc applies only to {Sht31} (the BME280 sends no CRC)",
                _ => $"'{target}' is not a channel ({string.Join(", ", ChannelNames)})",
            };
        }

        return allowed;
    }

    private static bool TryParseTime(string text, out TimeSpan time)
    {
        time = TimeSpan.Zero;
        double scale = 1000.0;
        string number = text.Trim();
        if (number.EndsWith("ms", StringComparison.OrdinalIgnoreCase))
        {
            scale = 1.0;
            number = number[..^2];
        }
        else if (number.EndsWith('s') || number.EndsWith('S'))
        {
            number = number[..^1];
        }
        else if (number.EndsWith('m') || number.EndsWith('M'))
        {
            scale = 60_000.0;
            number = number[..^1];
        }

        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            || !double.IsFinite(value) || value < 0 || value * scale > TimeSpan.MaxValue.TotalMilliseconds / 2)
        {
            return false;
        }

        time = TimeSpan.FromMilliseconds(value * scale);
        return true;
    }
}
