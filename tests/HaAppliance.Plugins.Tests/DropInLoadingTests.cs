using System.Diagnostics;
using HaAppliance.Config;
using HaAppliance.Hosting.Plugins;

namespace HaAppliance.Plugins.Tests;

/// <summary>A built-in plugin, built the way the launcher builds it, loads through the drop-in path like a third party's.</summary>
[TestFixture]
public sealed class DropInLoadingTests
{
    [Test]
    public async Task LoadFolder_ScriptPluginBuiltLikeTheLauncher_RegistersAndRuns()
    {
        string root = Directory.CreateTempSubdirectory("ha-dropin-").FullName;
        try
        {
            string project = Path.Combine(RepositoryPaths.Root, "plugins", "Script", "HaAppliance.Plugins.Script.csproj");
            Build(project, Path.Combine(root, "plugins", "Script"));
            using var catalog = new PluginCatalog();

            catalog.LoadFolder(Path.Combine(root, "plugins"));
            var config = new CheckConfig { Name = "chk_false", Type = "script" };
            config.Settings.Set("command", "false", SourceLocation.Unknown);
            var result = await catalog.CreateHealthCheck(config).CheckAsync(CancellationToken.None);

            Assert.That(catalog.Plugins.Single().AssemblyPath, Is.EqualTo(Path.Combine(root, "plugins", "Script", "HaAppliance.Plugins.Script.dll")));
            Assert.That(catalog.Plugins.Single().Registrations.Select(r => r.Type), Is.EqualTo(new[] { "script", "file" }));
            Assert.That(result.Detail, Is.EqualTo("exited with status 1"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void Build(string project, string output)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "build", project, "-c", "Release", "-o", output, "-nologo", "-v", "quiet" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"build failed:\n{stdout.Result}\n{stderr.Result}");
    }
}
