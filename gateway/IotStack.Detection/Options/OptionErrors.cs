using System.Globalization;

namespace IotStack.Detection.Options;

/// <summary>Collects readable option errors ("RobustZ.K must be greater than 0 (was -1)") and throws them together.</summary>
internal static class OptionErrors
{
    public static void Positive(List<string> errors, string name, double value)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            errors.Add(string.Format(CultureInfo.InvariantCulture, "{0} must be a finite number greater than 0 (was {1})", name, value));
        }
    }

    public static void AtLeast(List<string> errors, string name, long value, long min)
    {
        if (value < min)
        {
            errors.Add(string.Format(CultureInfo.InvariantCulture, "{0} must be at least {1} (was {2})", name, min, value));
        }
    }

    public static void NotNegative(List<string> errors, string name, double value)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            errors.Add(string.Format(CultureInfo.InvariantCulture, "{0} must be a finite number of at least 0 (was {1})", name, value));
        }
    }

    public static void Fraction(List<string> errors, string name, double value)
    {
        if (!(value > 0 && value <= 1))
        {
            errors.Add(string.Format(CultureInfo.InvariantCulture, "{0} must be in (0, 1] (was {1})", name, value));
        }
    }

    public static void InRange(List<string> errors, string name, double value, double min, double belowMax)
    {
        if (!(value >= min && value < belowMax))
        {
            errors.Add(string.Format(CultureInfo.InvariantCulture, "{0} must be in [{1}, {2}) (was {3})", name, min, belowMax, value));
        }
    }

    public static void ThrowIfAny(List<string> errors, string what)
    {
        if (errors.Count > 0)
        {
            throw new ArgumentException(what + " options are invalid: " + string.Join("; ", errors));
        }
    }
}
