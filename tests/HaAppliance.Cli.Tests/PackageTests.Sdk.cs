using HaAppliance.Hosting.Plugins;

namespace HaAppliance.Cli.Tests;

/// <summary>The plugin SDK folder the package ships for plugin authors (/usr/share/haapp/sdk).</summary>
public sealed partial class PackageTests
{
    private const string Sdk = "/usr/share/haapp/sdk";

    [Test]
    public void Contents_SdkFolder_HoldsFeedTemplateNugetConfigAndGuide()
    {
        var paths = _entries.Where(e => !e.IsDirectory).Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        Assert.Multiple(() =>
        {
            foreach (var file in new[]
                     {
                         "feed/HaAppliance.Abstractions.1.0.0.nupkg", "feed/HaAppliance.Templates.1.0.0.nupkg",
                         "feed/microsoft.extensions.logging.abstractions.11.0.0.nupkg",
                         "feed/microsoft.extensions.dependencyinjection.abstractions.11.0.0.nupkg",
                         "nuget.config", "plugins.md", "README.md",
                     })
            {
                Assert.That(paths, Does.Contain($"{Sdk}/{file}"));
            }

            // The author guide is also a doc page; the SDK folder has its own copy (nothing may depend on /usr/share/doc).
            Assert.That(paths, Does.Contain("/usr/share/doc/haapp/plugins.md"));
            // XML docs ship inside the SDK package, not beside the appliance's assemblies.
            Assert.That(paths.Where(p => p.StartsWith("/usr/lib/haapp/", StringComparison.Ordinal) && p.EndsWith(".xml", StringComparison.Ordinal)), Is.Empty);
        });
        Assert.That(File.ReadAllText(Path.Combine(_root, "usr/share/haapp/sdk/nuget.config")), Does.Contain($"value=\"{Sdk}/feed\""));
    }

    [Test]
    public void Extracted_SdkTemplate_InstallsAndCreatesAPluginProject()
    {
        var hive = Path.Combine(_temp.FullName, "template-hive");
        var project = Path.Combine(_temp.FullName, "Acme.FromPackage");
        var template = Path.Combine(_root, "usr/share/haapp/sdk/feed/HaAppliance.Templates.1.0.0.nupkg");

        var install = PackageTool.Run(PackageTool.Dotnet, ["new", "install", template, "--debug:custom-hive", hive], ToolTimeout, _temp.FullName);
        var create = PackageTool.Run(PackageTool.Dotnet,
            ["new", "haapp-plugin", "-n", "Acme.FromPackage", "--kind", "notifier", "-o", project, "--debug:custom-hive", hive], ToolTimeout, _temp.FullName);

        Assert.That(install.Exit, Is.Zero, install.Out + install.Err);
        Assert.That(create.Exit, Is.Zero, create.Out + create.Err);
        Assert.That(File.ReadAllText(Path.Combine(project, "Acme.FromPackage.csproj")),
            Does.Contain("<PackageReference Include=\"HaAppliance.Abstractions\" Version=\"1.0.0\" ExcludeAssets=\"runtime\" />"));
        Assert.That(File.Exists(Path.Combine(project, "ExampleNotifier.cs")), Is.True);
        Assert.That(File.Exists(Path.Combine(project, "ExampleCheck.cs")), Is.False, "--kind notifier leaves the check out");
    }

    [Test]
    public void Unit_CheckCommands_LoadThePluginFoldersRunLoads()
    {
        // ExecStartPre and ExecReload check what ExecStart will run: the same config and the same extra plugin folders.
        static string[] PluginOptions(string commandLine)
        {
            var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return [.. args.Select((a, i) => (a, i)).Where(p => p.a is "-c" or "--config" or "--plugin-dir").Select(p => $"{p.a} {args[p.i + 1]}")];
        }

        var run = PluginOptions(UnitValues("ExecStart").Single());
        var checks = UnitValues("ExecStartPre").Concat(UnitValues("ExecReload")).Where(c => c.StartsWith("/usr/bin/haapp check ", StringComparison.Ordinal)).ToList();
        var (exit, help, stderr) = Haapp("check", "--help");

        Assert.That(exit, Is.Zero, stderr);
        Assert.That(help, Does.Contain("--plugin-dir"), "a drop-in that adds --plugin-dir to run must be able to add it to check");
        Assert.That(checks, Has.Count.EqualTo(2));
        Assert.That(checks.Select(PluginOptions), Has.All.EqualTo(run));
    }

    [Test]
    public void Extracted_PluginsAndVersion_PrintTheHostsSdkVersionAndEachPluginsSdkVersion()
    {
        var plugins = Haapp("plugins");
        var version = Haapp("version");

        Assert.That(plugins.Exit, Is.Zero, plugins.Err);
        Assert.That(version.Exit, Is.Zero, version.Err);
        var hostLine = $"plugin SDK {PluginSdk.HostVersion} (HaAppliance.Abstractions; loads plugins built for SDK 1.0 to 1.0)";
        Assert.That(plugins.Out.Split('\n')[0], Is.EqualTo(hostLine));
        Assert.That(version.Out, Does.Contain(hostLine));
        var pluginLines = plugins.Out.Split('\n').Where(l => l.Contains("/usr/lib/haapp/plugins/", StringComparison.Ordinal)).ToList();
        Assert.That(pluginLines, Has.Count.EqualTo(PluginProjects().Length));
        Assert.That(pluginLines, Has.All.Contain(" (SDK 1.0)  "));
    }
}
