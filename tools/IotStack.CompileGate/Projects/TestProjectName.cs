using IotStack.CompileGate.Building;
using IotStack.CompileGate.Reporting;

namespace IotStack.CompileGate.Projects;

/// <summary>
/// A nanoFramework test project must build an assembly named NFUnitTest: the stock test launcher the adapter deploys
/// loads that name only, and under any other it finds no tests and exits 0, a silent pass.
/// </summary>
internal static class TestProjectName
{
    public const string Id = "NF000";
    public const string LauncherAssemblyName = "NFUnitTest";

    public static IEnumerable<Finding> Check(NanoProject project)
    {
        var isTestProject = project.AssemblyReferences.Contains("nanoFramework.TestFramework", StringComparer.OrdinalIgnoreCase);
        if (isTestProject && project.Name != LauncherAssemblyName)
        {
            yield return new Finding(
                project.ProjectPath, 1, 1, Id,
                $"test project assembly is named '{project.Name}'; the nanoFramework test launcher runs only an assembly named '{LauncherAssemblyName}' (set <AssemblyName>{LauncherAssemblyName}</AssemblyName> and InternalsVisibleTo(\"{LauncherAssemblyName}\") in the projects it tests)");
        }
    }
}
