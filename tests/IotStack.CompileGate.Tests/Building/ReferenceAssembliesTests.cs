using IotStack.CompileGate.Building;
using IotStack.CompileGate.Reporting;
using Microsoft.CodeAnalysis;
using static IotStack.CompileGate.Tests.FindingAssertions;

namespace IotStack.CompileGate.Tests.Building;

/// <summary>
/// Projects that reference nanoFramework packages compile against the declarations in ReferenceApi/: overloads resolve
/// and members are missing exactly as they are in the packages at the pinned versions.
/// </summary>
public sealed class ReferenceAssembliesTests
{
    private static string Reference(string assembly, string package, string version) =>
        $"""<Reference Include="{assembly}"><HintPath>..\packages\{package}.{version}\lib\{assembly}.dll</HintPath></Reference>""";

    private static readonly string TestFramework = Reference("nanoFramework.TestFramework", "nanoFramework.TestFramework", "3.0.77");

    public static TheoryData<string> CatalogAssemblies()
    {
        var data = new TheoryData<string>();
        foreach (var package in ReferenceCatalog.Packages)
        {
            data.Add(package.AssemblyName);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CatalogAssemblies))]
    public void Get_EveryCatalogPackage_CompilesAgainstNanoMscorlib(string assemblyName)
    {
        var mscorlib = MetadataReference.CreateFromFile(MscorlibLocator.Locate()!);

        var reference = new ReferenceAssemblies(mscorlib).Get(ReferenceCatalog.Find(assemblyName)!);

        Assert.NotNull(reference);
    }

    [Fact]
    public void Gate_AreEqualOfIntLiteralAndByte_IsAmbiguousAsInTestFramework3()
    {
        // The case that broke the device test build: TestFramework 3.0.77 has AreEqual(byte, byte) and AreEqual(int, int).
        using var project = new TempProject();
        project.Write("Tests/Tests.nfproj", TempProject.Nfproj("NFUnitTest", TestFramework));
        var source = """
            using nanoFramework.TestFramework;

            namespace Tests
            {
                [TestClass]
                public class FlagsTests
                {
                    [TestMethod]
                    public void Flags_Default_AreZero()
                    {
                        byte flags = 0;
                        Assert.AreEqual(0, flags); // <-
                    }
                }
            }
            """;
        project.Write("Tests/FlagsTests.cs", source);

        var result = project.Gate("Tests/Tests.nfproj");

        Assert.Equal(GateResult.ExitFindings, result.ExitCode);
        var finding = At(result, "FlagsTests.cs", LineOf(source, "// <-"), "CS0121");
        Assert.Contains("AreEqual(byte, byte, string)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gate_AreEqualWithMatchingTypes_Passes()
    {
        using var project = new TempProject();
        project.Write("Tests/Tests.nfproj", TempProject.Nfproj("NFUnitTest", TestFramework));
        project.Write("Tests/FlagsTests.cs", """
            using nanoFramework.TestFramework;

            namespace Tests
            {
                [TestClass]
                public class FlagsTests
                {
                    [TestMethod]
                    public void Flags_Default_AreZero()
                    {
                        byte flags = 0;
                        Assert.AreEqual((byte)0, flags);
                        Assert.AreEqual(3, 1 + 2);
                        Assert.IsTrue(flags == 0);
                    }
                }
            }
            """);

        var result = project.Gate("Tests/Tests.nfproj");

        Assert.True(result.ExitCode == GateResult.ExitClean, Describe(result));
    }

    [Fact]
    public void Gate_MemberMissingFromThePackage_Fails()
    {
        // nanoFramework.System.Text's Encoding has GetString(byte[], int, int) only.
        using var project = new TempProject();
        project.Write("Board/Board.nfproj", TempProject.Nfproj("Board", Reference("nanoFramework.System.Text", "nanoFramework.System.Text", "1.3.42")));
        var source = """
            namespace Board
            {
                internal static class Text
                {
                    public static string Decode(byte[] bytes) { return System.Text.Encoding.UTF8.GetString(bytes); } // <-
                }
            }
            """;
        project.Write("Board/Text.cs", source);

        var result = project.Gate("Board/Board.nfproj");

        At(result, "Text.cs", LineOf(source, "// <-"), "CS7036");
    }

    [Fact]
    public void Gate_TypeFromAnAssemblyTheProjectDoesNotReference_Fails()
    {
        // M2Mqtt's constructor takes System.Net's X509Certificate: naming it needs System.Net referenced too.
        using var project = new TempProject();
        project.Write("Board/Board.nfproj", TempProject.Nfproj(
            "Board",
            Reference("nanoFramework.M2Mqtt", "nanoFramework.M2Mqtt", "5.1.220")
            + Reference("nanoFramework.M2Mqtt.Core", "nanoFramework.M2Mqtt", "5.1.220")));
        var source = """
            using nanoFramework.M2Mqtt;

            namespace Board
            {
                internal static class Mqtt
                {
                    public static MqttClient Open(byte[] ca)
                    {
                        return new MqttClient("broker", 8883, true, new System.Security.Cryptography.X509Certificates.X509Certificate(ca), null, MqttSslProtocols.TLSv1_2); // <-
                    }
                }
            }
            """;
        project.Write("Board/Mqtt.cs", source);

        var result = project.Gate("Board/Board.nfproj");

        Assert.Equal(GateResult.ExitFindings, result.ExitCode);
        Assert.Contains(result.Findings, finding => finding.Line == LineOf(source, "// <-") && finding.Id is "CS0012" or "CS0234");
    }

    [Fact]
    public void Gate_PackageAtAnotherVersion_IsReported()
    {
        using var project = new TempProject();
        project.Write("Board/Board.nfproj", TempProject.Nfproj("Board", Reference("System.Device.I2c", "nanoFramework.System.Device.I2c", "1.1.16")));
        project.Write("Board/A.cs", "namespace Board { internal sealed class A { } }");

        var result = project.Gate("Board/Board.nfproj");

        var finding = Assert.Single(result.Findings);
        Assert.Equal("NF000", finding.Id);
        Assert.Contains("1.1.29", finding.Message, StringComparison.Ordinal);
    }
}
