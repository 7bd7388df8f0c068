namespace IotStack.CompileGate.Building;

/// <summary>
/// Compile-only stand-in for nanoFramework.TestFramework (3.x), whose package is not restorable here: the attributes
/// and the non-generic Assert surface that device test projects call. It lets the gate compile the firmware core
/// tests against the real mscorlib; the gate's rules never run over this text.
/// </summary>
internal static class TestFrameworkStub
{
    public const string AssemblyName = "nanoFramework.TestFramework";

    public const string Source = """
        using System;

        namespace nanoFramework.TestFramework
        {
            [AttributeUsage(AttributeTargets.Class)] public sealed class TestClassAttribute : Attribute { }
            [AttributeUsage(AttributeTargets.Method)] public sealed class TestMethodAttribute : Attribute { }
            [AttributeUsage(AttributeTargets.Method)] public sealed class SetupAttribute : Attribute { }
            [AttributeUsage(AttributeTargets.Method)] public sealed class CleanupAttribute : Attribute { }
            [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)] public sealed class IgnoreAttribute : Attribute { }

            [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
            public sealed class DataRowAttribute : Attribute
            {
                public DataRowAttribute(params object[] methodParameters) { MethodParameters = methodParameters; }
                public object[] MethodParameters { get; }
            }

            public class AssertFailedException : Exception
            {
                public AssertFailedException(string message) : base(message) { }
            }

            public sealed class SkipTestException : Exception
            {
                public SkipTestException(string message) : base(message) { }
            }

            public static class OutputHelper
            {
                public static void WriteLine(string message) { }
                public static void Write(string message) { }
            }

            public sealed class Assert
            {
                public static void AreEqual(object expected, object actual, string message = "") { }
                public static void AreNotEqual(object notExpected, object actual, string message = "") { }
                public static void AreSame(object expected, object actual, string message = "") { }
                public static void AreNotSame(object notExpected, object actual, string message = "") { }
                public static void IsTrue(bool condition, string message = "") { }
                public static void IsFalse(bool condition, string message = "") { }
                public static void IsNull(object value, string message = "") { }
                public static void IsNotNull(object value, string message = "") { }
                public static void IsInstanceOfType(object value, Type expectedType, string message = "") { }
                public static void ThrowsException(Type exceptionType, Action action, string message = "") { }
                public static void Fail(string message = "") { throw new AssertFailedException(message); }
                public static void SkipTest(string message = null) { throw new SkipTestException(message); }
            }

            public sealed class CollectionAssert
            {
                public static void AreEqual(Array expected, Array actual, string message = "") { }
                public static void AreNotEqual(Array notExpected, Array actual, string message = "") { }
                public static void Empty(Array collection, string message = "") { }
                public static void NotEmpty(Array collection, string message = "") { }
            }
        }
        """;
}
