using IotStack.CompileGate.Reporting;
using static IotStack.CompileGate.Tests.FindingAssertions;

namespace IotStack.CompileGate.Tests.Rules;

/// <summary>
/// Each case plants one violation (marked "// <-") in otherwise portable firmware-style code in a temp folder and
/// expects the gate to fail with that rule at that line.
/// </summary>
public sealed class PortabilityWalkerTests
{
    public static TheoryData<string, string, string> Violations => new()
    {
        {
            "NF002", "Buffer.cs", """
            using System.Collections.Generic;

            namespace Firmware.Sensors
            {
                internal sealed class SampleBuffer
                {
                    private readonly List<int> samples = null; // <-
                    public int Count { get { return 0; } }
                }
            }
            """
        },
        {
            "NF004", "Uploader.cs", """
            namespace Firmware.Net
            {
                internal sealed class Uploader
                {
                    public async void Send() // <-
                    {
                    }
                }
            }
            """
        },
        {
            "NF003", "Stats.cs", """
            namespace Firmware.Checks
            {
                internal sealed class Stats
                {
                    public object Large(int[] values)
                    {
                        return from v in values where v > 10 select v; // <-
                    }
                }
            }
            """
        },
        {
            "NF003", "Usings.cs", """
            using System.Linq; // <-

            namespace Firmware.Checks
            {
                internal sealed class Usings
                {
                }
            }
            """
        },
        {
            "NF007", "Reading.cs", """
            namespace Firmware.Sensors
            {
                public record Reading(int Value); // <-
            }
            """
        },
        {
            "NF006", "Frame.cs", """
            using System;

            namespace Firmware.Protocol
            {
                internal sealed class Frame
                {
                    public int Parse(ReadOnlySpan<byte> data) // <-
                    {
                        return 0;
                    }
                }
            }
            """
        },
        {
            "NF008", "ISensor.cs", """
            namespace Firmware.Sensors
            {
                public interface ISensor
                {
                    int Read();
                    int ReadTwice() { return Read() + Read(); } // <-
                }
            }
            """
        },
        {
            "NF009", "Scratch.cs", """
            namespace Firmware.Storage
            {
                internal sealed class Scratch
                {
                    public void Fill()
                    {
                        var buffer = stackalloc byte[16]; // <-
                    }
                }
            }
            """
        },
        {
            "NF010", "MinMax.cs", """
            namespace Firmware.Checks
            {
                internal sealed class MinMax
                {
                    public (int Min, int Max) Of(int[] values) // <-
                    {
                        return default;
                    }
                }
            }
            """
        },
        {
            "NF011", "Status.cs", """
            namespace Firmware.Checks
            {
                internal sealed class Status
                {
                    public string Describe(string name, string state)
                    {
                        return $"{name}={state}"; // <-
                    }
                }
            }
            """
        },
        {
            "NF001", "Ring.cs", """
            namespace Firmware.Storage
            {
                internal sealed class Ring<T> // <-
                {
                }
            }
            """
        },
        {
            "NF002", "Callback.cs", """
            using System;

            namespace Firmware.Net
            {
                internal sealed class Callback
                {
                    public void Register()
                    {
                        var next = () => 1; // <-
                    }
                }
            }
            """
        },
        {
            "NF002", "Inferred.cs", """
            namespace Firmware.Storage
            {
                internal static class Helpers
                {
                    public static T First<T>(T[] items) { return items[0]; }
                }

                internal sealed class Inferred
                {
                    public int Head(int[] values)
                    {
                        return Helpers.First(values); // <-
                    }
                }
            }
            """
        },
        {
            "NF005", "Worker.cs", """
            namespace Firmware.Net
            {
                internal sealed class Worker
                {
                    public System.Threading.Tasks.Task Run() // <-
                    {
                        return null;
                    }
                }
            }
            """
        },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void Gate_PlantedViolation_FailsWithRuleAtLine(string ruleId, string fileName, string source)
    {
        using var project = new TempProject();
        project.Write("Firmware/" + fileName, source);

        var result = project.Gate();

        Assert.Equal(GateResult.ExitFindings, result.ExitCode);
        var finding = At(result, fileName, LineOf(source, "// <-"), ruleId);
        Assert.True(finding.IsError);
        Assert.True(finding.IsRuleViolation);
    }

    [Fact]
    public void Gate_NonGenericDelegateLambda_IsNotAGenericUse()
    {
        using var project = new TempProject();
        project.Write("Blinker.cs", """
            using System.Threading;

            namespace Firmware
            {
                internal sealed class Blinker
                {
                    public Thread Start()
                    {
                        var thread = new Thread(() => { Thread.Sleep(10); });
                        thread.Start();
                        return thread;
                    }
                }
            }
            """);

        var result = project.Gate();

        Assert.True(result.ExitCode == GateResult.ExitClean, Describe(result));
    }
}
