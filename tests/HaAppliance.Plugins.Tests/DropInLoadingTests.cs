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

    [Test]
    public async Task LoadFolder_WebhookSecretEnv_HiddenFromAScriptCheckOfAnotherPlugin()
    {
        // Each plugin loads into a load context of its own: the list of secret variables must still be one list.
        string root = Directory.CreateTempSubdirectory("ha-dropin-").FullName;
        var secret = "HA_TEST_HOOK_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(secret, "s3cret");
        try
        {
            foreach (var name in new[] { "Script", "Webhook" })
            {
                Build(Path.Combine(RepositoryPaths.Root, "plugins", name, $"HaAppliance.Plugins.{name}.csproj"), Path.Combine(root, "plugins", name));
            }

            using var catalog = new PluginCatalog();
            catalog.LoadFolder(Path.Combine(root, "plugins"));
            var hook = new NotifierConfig { Name = "hook", Type = "webhook" };
            hook.Settings.Set("url", "http://127.0.0.1:9/hook", SourceLocation.Unknown);
            hook.Settings.Set("secret_env", secret, SourceLocation.Unknown);
            using var notifier = (IDisposable)catalog.CreateNotifier(hook);
            string dump = Path.Combine(root, "env.txt");
            var check = new CheckConfig { Name = "chk_env", Type = "script" };
            check.Settings.Set("command", $"/bin/sh -c 'env > {dump}'", SourceLocation.Unknown);

            var result = await catalog.CreateHealthCheck(check).CheckAsync(CancellationToken.None);

            Assert.That(result.Healthy, Is.True, result.Detail);
            Assert.That(File.ReadAllText(dump), Does.Contain("PATH=").And.Not.Contain(secret).And.Not.Contain("s3cret"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(secret, null);
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
