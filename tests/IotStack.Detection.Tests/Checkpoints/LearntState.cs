using System.Reflection;

namespace IotStack.Detection.Tests.Checkpoints;

/// <summary>
/// Compares two objects field by field, recursively, through every private field of every type they hold (doubles
/// by their bits). The product's checkpoints use no reflection; this test helper does, so that a field a Save
/// forgot, including one added later to any detector, fails a test whether or not it changes a score soon.
/// </summary>
internal static class LearntState
{
    public static void AssertEqual(object expected, object actual) =>
        Compare(expected, actual, expected.GetType().Name, new HashSet<object>(ReferenceEqualityComparer.Instance));

    private static void Compare(object? expected, object? actual, string path, HashSet<object> visited)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: one side is null");
            return;
        }

        Type type = expected.GetType();
        Assert.True(type == actual.GetType(), $"{path}: {type.Name} against {actual.GetType().Name}");
        switch (expected)
        {
            case double d:
                Assert.True(BitConverter.DoubleToInt64Bits(d) == BitConverter.DoubleToInt64Bits((double)actual), $"{path}: {d:R} against {(double)actual:R}");
                return;
            case float f:
                Assert.True(BitConverter.SingleToInt32Bits(f) == BitConverter.SingleToInt32Bits((float)actual), $"{path}: {f:R} against {(float)actual:R}");
                return;
            case string or Enum:
                Assert.True(expected.Equals(actual), $"{path}: {expected} against {actual}");
                return;
        }

        if (type.IsPrimitive)
        {
            Assert.True(expected.Equals(actual), $"{path}: {expected} against {actual}");
            return;
        }

        if (ReferenceEquals(expected, actual) || (!type.IsValueType && !visited.Add(expected)))
        {
            // Shared (options, bin tables) or already compared.
            return;
        }

        if (expected is Array left)
        {
            var right = (Array)actual;
            Assert.True(left.Length == right.Length, $"{path}: length {left.Length} against {right.Length}");
            for (int i = 0; i < left.Length; i++)
            {
                Compare(left.GetValue(i), right.GetValue(i), $"{path}[{i}]", visited);
            }

            return;
        }

        for (Type? t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                Compare(field.GetValue(expected), field.GetValue(actual), $"{path}.{field.Name}", visited);
            }
        }
    }
}
