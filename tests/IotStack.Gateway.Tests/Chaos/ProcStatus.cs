using System.Globalization;

namespace IotStack.Gateway.Tests.Chaos;

/// <summary>A process's resources as Linux reports them in /proc (what an operator's monitoring reads, too).</summary>
internal static class ProcStatus
{
    public static long RssBytes(int pid)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    // "VmRSS:	  123456 kB"
                    string kb = line["VmRSS:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // The process has just exited.
        }

        return 0;
    }
}
