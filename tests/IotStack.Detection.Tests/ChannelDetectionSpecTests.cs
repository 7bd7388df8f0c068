using System.Reflection;
using IotStack.Detection.Tests.Checkpoints;

namespace IotStack.Detection.Tests;

public sealed class ChannelDetectionSpecTests
{
    /// <summary>
    /// Every setting, of every option section and of the spec itself, changes the fingerprint, and so does turning a
    /// section off: a setting added later without its line in AddTo fails here (a checkpoint learnt under other
    /// settings would otherwise be taken).
    /// </summary>
    [Fact]
    public void Fingerprint_EverySettingChanged_ChangesIt()
    {
        ChannelDetectionSpec everything = CheckpointSeries.Everything;
        var seen = new Dictionary<ulong, string> { [everything.Fingerprint()] = "baseline" };
        int settings = 0;
        foreach (PropertyInfo section in typeof(ChannelDetectionSpec).GetProperties(BindingFlags.Instance | BindingFlags.Public).Where(p => p.CanWrite))
        {
            object? value = section.GetValue(everything);
            if (section.PropertyType.Namespace == "IotStack.Detection.Options")
            {
                Assert.True(value is not null, $"the test spec turns {section.Name} on");
                Distinct(seen, With(everything, section, null), $"{section.Name} off");
                foreach (PropertyInfo setting in section.PropertyType.GetProperties(BindingFlags.Instance | BindingFlags.Public).Where(p => p.CanWrite))
                {
                    object options = Copy(value);
                    setting.SetValue(options, Changed(setting.GetValue(options)));
                    Distinct(seen, With(everything, section, options), $"{section.Name}.{setting.Name}");
                    settings++;
                }
            }
            else
            {
                Distinct(seen, With(everything, section, Changed(value)), section.Name);
                settings++;
            }
        }

        Assert.True(settings > 80, $"only {settings} settings found");
    }

    private static void Distinct(Dictionary<ulong, string> seen, ChannelDetectionSpec spec, string change)
    {
        ulong fingerprint = spec.Fingerprint();
        Assert.False(seen.TryGetValue(fingerprint, out string? same), $"{change} gives the fingerprint of {same}");
        seen[fingerprint] = change;
    }

    private static ChannelDetectionSpec With(ChannelDetectionSpec spec, PropertyInfo property, object? value)
    {
        ChannelDetectionSpec copy = spec with { };
        property.SetValue(copy, value);
        return copy;
    }

    private static object Copy(object options)
    {
        object copy = Activator.CreateInstance(options.GetType())!;
        foreach (PropertyInfo p in options.GetType().GetProperties(BindingFlags.Instance | BindingFlags.Public).Where(p => p.CanWrite))
        {
            p.SetValue(copy, p.GetValue(options));
        }

        return copy;
    }

    private static object Changed(object? value) => value switch
    {
        null => 1.5,
        double d => d + 1,
        int i => i + 1,
        long l => l + 1,
        bool b => !b,
        _ => throw new InvalidOperationException($"no change defined for a {value.GetType().Name} setting"),
    };
}
