// Reference-only declarations of nanoFramework.Runtime.Native 1.7.11 (written from its public sources; no bodies).
namespace System
{
    public static partial class Environment
    {
        public static extern long TickCount64 { get; }
    }
}

namespace nanoFramework.Runtime.Native
{
    public delegate void RebootEventHandler();

    public enum RebootOption
    {
        NormalReboot = 0,
        EnterNanoBooter = 1,
        ClrOnly = 2,
        EnterProprietaryBooter = 8,
    }

    public class ConstraintException : System.Exception
    {
    }

    public static class ExecutionConstraint
    {
        public static extern void Install(int timeoutMilliseconds, int priority);
    }

    public static class GC
    {
        public static extern uint Run(bool compactHeap);
        public static extern void EnableGCMessages(bool enable);
    }

    public class Power
    {
        public static event RebootEventHandler OnRebootEvent { add { } remove { } }
        public static void RebootDevice(RebootOption rebootOption = RebootOption.NormalReboot) => throw null;
        public static void RebootDevice(int exeConstraintTimeout, RebootOption rebootOption = RebootOption.NormalReboot) => throw null;
    }

    public static class Rtc
    {
        public static bool SetSystemTime(System.DateTime time) => throw null;
    }

    public static class SystemInfo
    {
        public enum FloatingPoint
        {
            None = 0,
            SinglePrecisionSoftware = 1,
            SinglePrecisionHardware = 2,
            DoublePrecisionSoftware = 3,
            DoublePrecisionHardware = 4,
        }

        public static System.Version Version => throw null;
        public static extern string OEMString { get; }
        public static extern byte OEM { get; }
        public static extern byte Model { get; }
        public static extern ushort SKU { get; }
        public static extern string TargetName { get; }
        public static extern string Platform { get; }
        public static FloatingPoint FloatingPointSupport => throw null;
    }
}
