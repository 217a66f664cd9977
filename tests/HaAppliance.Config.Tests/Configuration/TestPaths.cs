namespace HaAppliance.Config.Tests.Configuration;

/// <summary>Finds the repository (the folder with HaAppliance.sln) from the test's output folder.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string ConfigData => Path.Combine(RepoRoot, "tests", "testdata", "config");

    public static string Repo(params string[] parts) => Path.Combine([RepoRoot, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HaAppliance.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("HaAppliance.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
