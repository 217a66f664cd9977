namespace HaAppliance.Hosting.Tests.Plugins;

/// <summary>Finds the repository root (the folder holding HaAppliance.sln) from the test's output folder.</summary>
internal static class RepositoryPaths
{
    public static string Root
    {
        get
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
}
