namespace IotStack.TestServices;

/// <summary>Files of the repository the tests run from (configuration the product ships, such as gateway/deploy/).</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IotStack.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"IotStack.sln not found above {AppContext.BaseDirectory}");
    }
}
