using System.Reflection;
using System.Xml.Linq;
using IotStack.Cli.Commands;

namespace IotStack.Console.Tests.Architecture;

/// <summary>
/// The product references neither the firmware core nor the simulated fleet nor the demo: devices reach the gateway
/// only through the wire protocol (firmware/IotStack.Protocol), and the demo references the gateway, not the reverse.
/// </summary>
public sealed class GatewayDependencyTests
{
    private static readonly string[] Forbidden = ["IotStack.Firmware.Core", "IotStack.Firmware.Host", "IotStack.Demo", "iotstack-demo"];

    [Theory]
    [InlineData("gateway/IotStack.Cli/IotStack.Cli.csproj")]
    [InlineData("gateway/IotStack.Gateway/IotStack.Gateway.csproj")]
    public void ProjectReferences_Transitively_NameNoFirmwareCoreFleetOrDemo(string project)
    {
        string root = RepositoryRoot();
        IReadOnlyCollection<string> reached = ProjectClosure(Path.Combine(root, project));

        Assert.Contains(reached, p => Path.GetFileNameWithoutExtension(p) == "IotStack.Protocol");
        Assert.DoesNotContain(reached, p => Forbidden.Contains(Path.GetFileNameWithoutExtension(p)));
    }

    [Fact]
    public void GatewayExecutable_Transitively_LoadsNoFirmwareCoreFleetOrDemoAssembly()
    {
        Assembly executable = typeof(GatewayCommand).Assembly;
        Assert.Equal("iotstack", executable.GetName().Name);
        HashSet<string> reached = AssemblyClosure(executable);

        Assert.Contains("IotStack.Gateway", reached);
        Assert.Contains("IotStack.Protocol", reached);
        Assert.DoesNotContain(reached, Forbidden.Contains);
    }

    private static HashSet<string> AssemblyClosure(Assembly start)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { start.GetName().Name! };
        var pending = new Stack<Assembly>([start]);
        while (pending.TryPop(out Assembly? assembly))
        {
            foreach (AssemblyName reference in assembly.GetReferencedAssemblies())
            {
                // Only the repository's own assemblies can break the rule; the framework's are not walked.
                bool ours = reference.Name!.StartsWith("IotStack.", StringComparison.Ordinal) || reference.Name.StartsWith("iotstack", StringComparison.Ordinal);
                if (ours && seen.Add(reference.Name))
                {
                    pending.Push(Assembly.Load(reference));
                }
            }
        }

        return seen;
    }

    private static List<string> ProjectClosure(string project)
    {
        var seen = new List<string>();
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out string? path))
        {
            if (seen.Contains(path))
            {
                continue;
            }

            seen.Add(path);
            foreach (XElement reference in XDocument.Load(path).Descendants("ProjectReference"))
            {
                string include = reference.Attribute("Include")!.Value.Replace('\\', '/');
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, include)));
            }
        }

        return seen;
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IotStack.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("IotStack.sln not found above " + AppContext.BaseDirectory);
    }
}
