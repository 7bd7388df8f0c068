using System.Globalization;
using IotStack.Detection;

namespace IotStack.Bench;

/// <summary>Bytes one tracked series costs: allocation for creating 10,000 detector sets, divided by 10,000.</summary>
internal static class SeriesMemory
{
    private const int Series = 10_000;

    public static void Print()
    {
        Console.WriteLine("| spec | bytes per series |");
        Console.WriteLine("|---|---:|");
        Print("seed mean±2σ", ChannelDetectionSpec.SeedRule);
        Print("default ensemble", ChannelDetectionSpec.Default);
    }

    private static void Print(string name, ChannelDetectionSpec spec)
    {
        var keep = new DetectorSet[Series];
        keep[0] = new DetectorSet(spec); // JIT and statics before measuring
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Series; i++)
        {
            keep[i] = new DetectorSet(spec);
        }

        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(keep);
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:N0} |", name, bytes / (double)Series));
    }
}
