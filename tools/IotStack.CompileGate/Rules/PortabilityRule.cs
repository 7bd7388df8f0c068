namespace IotStack.CompileGate.Rules;

/// <summary>A construct the C# compiler accepts but the stable nanoFramework runtime (or this project's rules) cannot run.</summary>
/// <param name="Id">Stable id printed in findings (NF001...).</param>
/// <param name="Why">Why it is rejected, appended to each finding.</param>
internal sealed record PortabilityRule(string Id, string Why)
{
    public static readonly PortabilityRule GenericDeclaration = new(
        "NF001", "the stable nanoFramework runtime has no generics; use concrete types, object or arrays");

    public static readonly PortabilityRule GenericUse = new(
        "NF002", "the stable nanoFramework runtime has no generics; use arrays, ArrayList or a non-generic delegate/interface");

    public static readonly PortabilityRule Linq = new(
        "NF003", "nanoFramework has no System.Linq; write the loop");

    public static readonly PortabilityRule Async = new(
        "NF004", "nanoFramework has no async state machines; use a Thread and wait handles");

    public static readonly PortabilityRule Task = new(
        "NF005", "nanoFramework has no System.Threading.Tasks; use a Thread, Timer or wait handles");

    public static readonly PortabilityRule Span = new(
        "NF006", "Span<T>/Memory<T> are generic byref types nanoFramework cannot run; pass byte[] with offset and count");

    public static readonly PortabilityRule Record = new(
        "NF007", "records need generic equality (IEquatable<T>, EqualityComparer<T>) and StringBuilder; write a plain class");

    public static readonly PortabilityRule InterfaceBody = new(
        "NF008", "default/static interface members need runtime support nanoFramework lacks; keep the body in a class");

    public static readonly PortabilityRule Stackalloc = new(
        "NF009", "stackalloc is unsafe/Span-based and nanoFramework cannot run it; preallocate a byte[]");

    public static readonly PortabilityRule Tuple = new(
        "NF010", "tuples are System.ValueTuple<...> (generic, absent from nanoFramework's mscorlib); use out parameters or a small class");

    public static readonly PortabilityRule StringInterpolation = new(
        "NF011", "string interpolation lowers to string.Format with boxing and format parsing on the device (project rule: use concatenation)");

    public static IReadOnlyList<PortabilityRule> All { get; } =
    [
        GenericDeclaration, GenericUse, Linq, Async, Task, Span, Record, InterfaceBody, Stackalloc, Tuple, StringInterpolation,
    ];
}
