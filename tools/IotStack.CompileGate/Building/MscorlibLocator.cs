using System.Reflection;

namespace IotStack.CompileGate.Building;

/// <summary>
/// Finds nanoFramework.CoreLibrary's mscorlib.dll: the copy the build puts next to the tool, else the restore folder
/// recorded at build time, else NuGet's global packages folder.
/// </summary>
internal static class MscorlibLocator
{
    public const string PackageVersion = "1.17.11";

    public static string? Locate()
    {
        foreach (var candidate in Candidates())
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static IEnumerable<string> Candidates()
    {
        yield return Path.Combine(AppContext.BaseDirectory, "nanoFramework", "mscorlib.dll");

        var recorded = typeof(MscorlibLocator).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "NanoCoreLibraryDirectory")?.Value;
        if (!string.IsNullOrEmpty(recorded))
        {
            yield return Path.Combine(recorded, "lib", "mscorlib.dll");
        }

        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(packages))
        {
            packages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }

        yield return Path.Combine(packages, "nanoframework.corelibrary", PackageVersion, "lib", "mscorlib.dll");
    }
}
