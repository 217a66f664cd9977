namespace HaAppliance.Cli.Tests;

/// <summary>
/// The .deb that packaging/build-deb.sh builds (an isolated build in a temp folder), built once per test run
/// and shared by the package and image tests: publishing is the slow part of both.
/// </summary>
internal static class TestPackage
{
    public const string Version = "9.8.7~test1";
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(15);
    private static readonly Lock Gate = new();
    private static DirectoryInfo? _folder;
    private static string? _deb;
    private static string? _failure;

    /// <summary>The built package's path; fails the calling test (every time) when the build failed.</summary>
    public static string Deb
    {
        get
        {
            lock (Gate)
            {
                if (_deb is null && _failure is null)
                {
                    Build();
                }

                if (_failure is not null)
                {
                    Assert.Fail(_failure);
                }

                return _deb!;
            }
        }
    }

    private static void Build()
    {
        _folder = Directory.CreateTempSubdirectory("haapp-testdeb-");
        var (exit, stdout, stderr) = PackageTool.Run("bash",
            [CheckTestSupport.Repo("packaging", "build-deb.sh"), Version, "-o", Path.Combine(_folder.FullName, "out"), "--artifacts-path", Path.Combine(_folder.FullName, "artifacts")],
            BuildTimeout, CheckTestSupport.RepoRoot);
        if (exit != 0)
        {
            _failure = $"build-deb.sh failed:\n{stdout}\n{stderr}";
            return;
        }

        _deb = stdout.Trim().Split('\n')[^1];
        // The build's intermediate files are not needed once the package exists.
        Directory.Delete(Path.Combine(_folder.FullName, "artifacts"), recursive: true);
    }

    /// <summary>Deletes the package's folder (called once, after every test of the assembly).</summary>
    public static void Delete()
    {
        lock (Gate)
        {
            if (_folder is { Exists: true })
            {
                _folder.Delete(recursive: true);
            }
        }
    }
}

/// <summary>Removes what <see cref="TestPackage"/> built after the last test of this namespace.</summary>
[SetUpFixture]
public sealed class TestPackageCleanup
{
    [OneTimeTearDown]
    public void DeletePackage() => TestPackage.Delete();
}
