namespace IotStack.CompileGate.Building;

/// <summary>
/// The nanoFramework packages the repository's .nfproj files reference, with the versions their declarations follow.
/// A project that references another assembly, or another version of one of these, is reported rather than
/// compiled against declarations that may not match (see docs/compile-gate.md).
/// </summary>
internal static class ReferenceCatalog
{
    public static readonly IReadOnlyList<ReferencePackage> Packages =
    [
        new("nanoFramework.Runtime.Native", "nanoFramework.Runtime.Native", "1.7.11", []),
        new("nanoFramework.Runtime.Events", "nanoFramework.Runtime.Events", "1.11.39", []) { SourceFile = null },
        new("nanoFramework.System.Collections", "nanoFramework.System.Collections", "1.5.75", []) { SourceFile = null },
        new("nanoFramework.System.Text", "nanoFramework.System.Text", "1.3.42", []),
        new("System.Threading", "nanoFramework.System.Threading", "1.1.52", []),
        new("System.IO.Streams", "nanoFramework.System.IO.Streams", "1.1.96", []),
        new("System.IO.FileSystem", "nanoFramework.System.IO.FileSystem", "1.1.93", ["System.IO.Streams"]),
        new("System.Net", "nanoFramework.System.Net", "1.11.60", []),
        new("System.Device.Wifi", "nanoFramework.System.Device.Wifi", "1.5.147", ["System.Net", "System.Threading"]),
        new("System.Device.I2c", "nanoFramework.System.Device.I2c", "1.1.29", []),
        new("nanoFramework.Hardware.Esp32", "nanoFramework.Hardware.Esp32", "1.6.42", []),
        new("nanoFramework.M2Mqtt.Core", "nanoFramework.M2Mqtt", "5.1.220", []),
        new("nanoFramework.M2Mqtt", "nanoFramework.M2Mqtt", "5.1.220", ["nanoFramework.M2Mqtt.Core", "System.Net"]),
        new("nanoFramework.TestFramework", "nanoFramework.TestFramework", "3.0.77", []),
        // An exe the device test host starts; test code never calls it.
        new("nanoFramework.UnitTestLauncher", "nanoFramework.TestFramework", "3.0.77", []) { SourceFile = null },
    ];

    public static ReferencePackage? Find(string assemblyName) =>
        Packages.FirstOrDefault(package => string.Equals(package.AssemblyName, assemblyName, StringComparison.OrdinalIgnoreCase));
}
