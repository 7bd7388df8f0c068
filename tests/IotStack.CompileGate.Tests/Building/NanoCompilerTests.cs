using IotStack.CompileGate.Reporting;
using static IotStack.CompileGate.Tests.FindingAssertions;

namespace IotStack.CompileGate.Tests.Building;

/// <summary>Part A: the gate compiles against nanoFramework's mscorlib only, so APIs it lacks are compiler errors.</summary>
public sealed class NanoCompilerTests
{
    public static TheoryData<string, string> MissingApis => new()
    {
        {
            "CS0234", """
            namespace Firmware.Checks
            {
                internal sealed class Distance
                {
                    public double Of(double x, double y)
                    {
                        return System.Math.Sqrt(x * x + y * y); // <-
                    }
                }
            }
            """
        },
        {
            "CS0234", """
            namespace Firmware.Protocol
            {
                internal sealed class Text
                {
                    public string Join(string a, string b)
                    {
                        var builder = new System.Text.StringBuilder(); // <-
                        return a + b;
                    }
                }
            }
            """
        },
        {
            "CS0246", """
            using System.Collections;

            namespace Firmware.Storage
            {
                internal sealed class Index
                {
                    private readonly Hashtable entries = null; // <-
                }
            }
            """
        },
    };

    [Theory]
    [MemberData(nameof(MissingApis))]
    public void Gate_ApiMissingFromNanoMscorlib_ReportsCompilerErrorAtLine(string compilerId, string source)
    {
        using var project = new TempProject();
        project.Write("Api.cs", source);

        var result = project.Gate();

        Assert.Equal(GateResult.ExitFindings, result.ExitCode);
        var finding = At(result, "Api.cs", LineOf(source, "// <-"), compilerId);
        Assert.False(finding.IsRuleViolation);
    }

    [Fact]
    public void Gate_PortableFirmwareCode_Passes()
    {
        using var project = new TempProject();
        project.Write("Sensors/Averager.cs", """
            using System;
            using System.Collections;
            using System.Diagnostics;
            using System.Threading;

            namespace Firmware.Sensors
            {
                /// <summary>Running average over a fixed window, firmware style.</summary>
                internal sealed class Averager
                {
                    private readonly int[] window;
                    private readonly object gate = new object();
                    private readonly ArrayList log = new ArrayList();
                    private int count;
                    private int next;

                    public Averager(int size)
                    {
                        if (size <= 0)
                        {
                            throw new ArgumentOutOfRangeException("size");
                        }

                        window = new int[size];
                    }

                    public int Count { get { return count; } }

                    public void Add(int sample)
                    {
                        lock (gate)
                        {
                            window[next] = sample;
                            next = (next + 1) % window.Length;
                            if (count < window.Length)
                            {
                                count++;
                            }

                            log.Add("sample " + sample.ToString());
                            Debug.WriteLine("added " + sample);
                        }
                    }

                    public byte[] Encode()
                    {
                        var bytes = BitConverter.GetBytes(Average());
                        var copy = new byte[bytes.Length];
                        Array.Copy(bytes, copy, bytes.Length);
                        return copy;
                    }

                    public string Describe(int kind)
                    {
                        switch (kind)
                        {
                            case 0: return "avg=" + Average();
                            default: return "n=" + count + " at " + TimeSpan.FromSeconds(count);
                        }
                    }

                    public Timer Every(int milliseconds)
                    {
                        return new Timer(state => Interlocked.Increment(ref next), null, 0, milliseconds);
                    }

                    private int Average()
                    {
                        var sum = 0;
                        for (var i = 0; i < count; i++)
                        {
                            sum += window[i];
                        }

                        return count == 0 ? 0 : sum / count;
                    }
                }
            }
            """);

        var result = project.Gate();

        Assert.True(result.ExitCode == GateResult.ExitClean, Describe(result));
        Assert.Empty(result.Findings);
        Assert.Equal(1, Assert.Single(result.Projects).FileCount);
    }

    [Fact]
    public void Gate_NanoFrameworkSymbol_IsDefinedLikeTheNanoToolchain()
    {
        using var project = new TempProject();
        var source = """
            namespace Firmware
            {
                internal sealed class Platform
                {
            #if NANOFRAMEWORK_1_0
                    public string Name { get { return "nano"; } }
            #else
                    public string Name => System.Runtime.InteropServices.RuntimeInformation.OSDescription; // host only
            #endif
                }
            }
            """;
        project.Write("Platform.cs", source);

        var result = project.Gate();

        Assert.True(result.ExitCode == GateResult.ExitClean, Describe(result));
    }

    [Fact]
    public void Gate_WarningInProjectTreatingWarningsAsErrors_IsAnError()
    {
        using var project = new TempProject();
        project.Write("Core/Core.nfproj", TempProject.Nfproj("Core"));
        var source = """
            namespace Core
            {
                internal sealed class Unused
                {
                    public void Run()
                    {
                        int never; // <-
                    }
                }
            }
            """;
        project.Write("Core/Unused.cs", source);

        var result = project.Gate("Core/Core.nfproj");

        Assert.Equal(GateResult.ExitFindings, result.ExitCode);
        Assert.True(At(result, "Unused.cs", LineOf(source, "// <-"), "CS0168").IsError);
    }

    [Fact]
    public void Gate_LanguageFeatureNewerThanPinnedVersion_IsRejected()
    {
        using var project = new TempProject();
        var source = """
            namespace Firmware
            {
                internal sealed class Escape
                {
                    public char Value() { return '\e'; } // <-
                }
            }
            """;
        project.Write("Escape.cs", source);

        var result = project.Gate();

        Assert.Equal(GateResult.ExitFindings, result.ExitCode);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(LineOf(source, "// <-"), finding.Line);
        Assert.Contains("12", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gate_TestProjectReferencingTestFramework_CompilesAgainstItsDeclarations()
    {
        using var project = new TempProject();
        project.Write("Tests/Tests.nfproj", TempProject.Nfproj(
            "NFUnitTest",
            """<Reference Include="nanoFramework.TestFramework"><HintPath>x.dll</HintPath></Reference>"""));
        project.Write("Tests/AdderTests.cs", """
            using System;
            using nanoFramework.TestFramework;

            namespace Tests
            {
                [TestClass]
                public class AdderTests
                {
                    [TestMethod]
                    public void Add_TwoNumbers_Sums()
                    {
                        Assert.AreEqual(3, 1 + 2);
                        Assert.IsTrue(true);
                        Assert.ThrowsException(typeof(ArgumentException), () => { throw new ArgumentException(); });
                    }
                }
            }
            """);

        var result = project.Gate("Tests/Tests.nfproj");

        Assert.True(result.ExitCode == GateResult.ExitClean, Describe(result));
    }
}
