namespace HaAppliance.Tests.Support;

/// <summary>The repository a test runs from: the folder holding HaAppliance.sln above the test's output folder.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> FoundRoot = new(FindRoot);

    public static string Root => FoundRoot.Value;

    /// <summary>A path inside the repository: <c>Under("templates", "email")</c>.</summary>
    public static string Under(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HaAppliance.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("HaAppliance.sln not found above " + AppContext.BaseDirectory);
    }
}
