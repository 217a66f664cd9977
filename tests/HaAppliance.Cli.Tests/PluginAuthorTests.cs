using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using HaAppliance.Hosting.Plugins;

namespace HaAppliance.Cli.Tests;

/// <summary>
/// Does what an outside plugin author does, in a temp folder outside the repository: builds the SDK folder with
/// packaging/build-sdk.sh, installs the dotnet new template from its feed, creates one plugin of each kind, restores it
/// from that feed alone (no other package source, an empty packages folder), publishes it with warnings as errors into
/// a drop-in folder, and loads it with the real CLI (<c>haapp check</c>, <c>haapp plugins</c>). A plugin built against
/// SDK 2.0 is refused in one line while the others load.
/// </summary>
[TestFixture]
[Category("PluginAuthor")]
[NonParallelizable]
public sealed class PluginAuthorTests
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(3);

    private static readonly (string Name, string Kind, string Type)[] Plugins =
    [
        ("Acme.TcpCheck", "check", "acme_tcpcheck"),
        ("Acme.StateLog", "notifier", "acme_statelog"),
        ("Acme.CloudVip", "vip-backend", "acme_cloudvip"),
    ];

    private DirectoryInfo _temp = null!;
    private string _sdk = null!;
    private string _author = null!;
    private string _drop = null!;
    private string _futureDrop = null!;
    private readonly Dictionary<string, string> _publishOutput = [];

    [OneTimeSetUp]
    public void BuildSdkAndPlugins()
    {
        _temp = Directory.CreateTempSubdirectory("haapp-author-");
        Assert.That(_temp.FullName, Does.Not.StartWith(CheckTestSupport.RepoRoot), "the author works outside the repository");
        _sdk = Path.Combine(_temp.FullName, "sdk");
        var build = PackageTool.Run("bash",
            [CheckTestSupport.Repo("packaging", "build-sdk.sh"), _sdk, "--artifacts-path", Path.Combine(_temp.FullName, "artifacts")],
            BuildTimeout, CheckTestSupport.RepoRoot);
        Assert.That(build.Exit, Is.Zero, $"build-sdk.sh failed:\n{build.Out}\n{build.Err}");

        // The author's workspace: the SDK folder's nuget.config snippet, made the only source (offline).
        _author = Directory.CreateDirectory(Path.Combine(_temp.FullName, "author")).FullName;
        var futureFeed = Directory.CreateDirectory(Path.Combine(_temp.FullName, "future-feed")).FullName;
        var snippet = File.ReadAllText(Path.Combine(_sdk, "nuget.config"));
        File.WriteAllText(Path.Combine(_author, "nuget.config"), snippet.Replace(
            "<packageSources>", $"<packageSources>\n    <clear />\n    <add key=\"future\" value=\"{futureFeed}\" />", StringComparison.Ordinal));

        var template = Directory.GetFiles(Path.Combine(_sdk, "feed"), "HaAppliance.Templates.*.nupkg").Single();
        Author("new", "install", template);
        _drop = Path.Combine(_temp.FullName, "drop");
        foreach (var (name, kind, _) in Plugins)
        {
            Author("new", "haapp-plugin", "-n", name, "--kind", kind, "-o", Path.Combine(_author, name));
            _publishOutput[name] = Author("publish", Path.Combine(_author, name), "-c", "Release", "-o", Path.Combine(_drop, name), "-warnaserror", "-nologo");
        }

        // A plugin built against a future SDK: the same SDK packed as 2.0.0, referenced through the template's parameter.
        var pack = PackageTool.Run(PackageTool.Dotnet,
            ["pack", CheckTestSupport.Repo("core", "HaAppliance.Abstractions", "HaAppliance.Abstractions.csproj"), "-c", "Release",
             "-p:SdkVersion=2.0.0", "-o", futureFeed, "--artifacts-path", Path.Combine(_temp.FullName, "artifacts-future"), "-nologo"],
            BuildTimeout, _temp.FullName);
        Assert.That(pack.Exit, Is.Zero, $"{pack.Out}\n{pack.Err}");
        _futureDrop = Path.Combine(_temp.FullName, "future-drop");
        Author("new", "haapp-plugin", "-n", "Acme.Future", "--kind", "check", "--sdk-version", "2.0.0", "-o", Path.Combine(_author, "Acme.Future"));
        Author("publish", Path.Combine(_author, "Acme.Future"), "-c", "Release", "-o", Path.Combine(_futureDrop, "Acme.Future"), "-nologo");
    }

    [OneTimeTearDown]
    public void DeleteTemp()
    {
        if (_temp is { Exists: true })
        {
            _temp.Delete(recursive: true);
        }
    }

    [Test]
    public void SdkFolder_Feed_HoldsSdkTemplateAndHostSharedPackages()
    {
        var feed = Directory.GetFiles(Path.Combine(_sdk, "feed")).Select(Path.GetFileName).ToList();

        Assert.That(feed, Does.Contain("HaAppliance.Abstractions.1.0.0.nupkg"));
        Assert.That(feed, Does.Contain("HaAppliance.Templates.1.0.0.nupkg"));
        foreach (var (id, version) in SdkDependencies())
        {
            Assert.That(feed, Does.Contain($"{id.ToLowerInvariant()}.{version}.nupkg"), "restoring a plugin offline needs " + id);
        }

        Assert.That(File.Exists(Path.Combine(_sdk, "plugins.md")), Is.True, "the author guide");
        Assert.That(File.ReadAllText(Path.Combine(_sdk, "nuget.config")), Does.Contain(Path.Combine(_sdk, "feed")));
    }

    [Test]
    public void SdkPackage_Contents_XmlDocsReadmeAndAssemblyVersionMajorMinor()
    {
        using var package = ZipFile.OpenRead(Path.Combine(_sdk, "feed", "HaAppliance.Abstractions.1.0.0.nupkg"));
        var entries = package.Entries.Select(e => e.FullName).ToList();

        Assert.That(entries, Does.Contain("lib/net10.0/HaAppliance.Abstractions.dll"));
        Assert.That(entries, Does.Contain("lib/net10.0/HaAppliance.Abstractions.xml"), "IntelliSense for authors");
        Assert.That(entries, Does.Contain("README.md"));
        Assert.That(Nuspec(package).Descendants().Single(e => e.Name.LocalName == "readme").Value, Is.EqualTo("README.md"));
        Assert.That(PluginSdk.HostAssemblyVersion, Is.EqualTo(new Version(1, 0, 0, 0)));
        Assert.That(PluginSdk.HostVersion, Is.EqualTo("1.0.0"));
    }

    [Test]
    public void SdkPackage_Dependencies_AreTheVersionsTheHostShips()
    {
        // The host's own dependency graph (haapp.deps.json) says which versions it loads and shares with plugins.
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "haapp.deps.json")));
        var hostLibraries = deps.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

        var dependencies = SdkDependencies();

        Assert.That(dependencies.Select(d => d.Id), Is.EquivalentTo(new[]
        {
            "Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Logging.Abstractions",
        }));
        foreach (var (id, version) in dependencies)
        {
            Assert.That(hostLibraries, Does.Contain($"{id}/{version}"), $"the SDK package asks for {id} {version}; the host ships another version");
        }
    }

    [Test]
    public void Publish_EachKind_ZeroWarningsAndADropInFolderWithoutHostAssemblies()
    {
        Assert.Multiple(() =>
        {
            foreach (var (name, _, _) in Plugins)
            {
                var folder = Path.Combine(_drop, name);
                Assert.That(File.Exists(Path.Combine(folder, name + ".dll")), Is.True, name);
                Assert.That(File.Exists(Path.Combine(folder, name + ".deps.json")), Is.True, name);
                // The host provides these; a plugin-local copy would break type identity.
                Assert.That(Directory.GetFiles(folder, "HaAppliance.*.dll"), Is.Empty, name);
                Assert.That(Directory.GetFiles(folder, "Microsoft.Extensions.*.dll"), Is.Empty, name);
                Assert.That(_publishOutput[name], Does.Not.Contain("warning"), name);
            }
        });
    }

    [Test]
    public void Check_ConfigUsingTheAuthorsPlugins_LoadsThemAndAcceptsTheConfig()
    {
        var config = WriteConfig("authors.yaml", "acme_tcpcheck", withPluginFolders: true);

        var (exit, stdout, stderr) = CheckTestSupport.RunProcess(_temp.FullName, "check", "-c", config);

        Assert.That(exit, Is.Zero, stderr);
        Assert.That(stdout, Does.Contain("plugin types from 3 plugins: checks acme_tcpcheck; notifiers acme_statelog; vip backends acme_cloudvip"));
    }

    [Test]
    public void Check_PluginDirOption_LoadsTheSamePluginsAsPluginFolders()
    {
        var config = WriteConfig("no-folders.yaml", "acme_tcpcheck", withPluginFolders: false);

        var without = CheckTestSupport.RunProcess(_temp.FullName, "check", "-c", config);
        var with = CheckTestSupport.RunProcess(_temp.FullName, "check", "-c", config, "--plugin-dir", _drop);

        Assert.That(without.Exit, Is.EqualTo(1), "without the folder the types are unknown");
        Assert.That(without.Err, Does.Contain("unknown type 'acme_tcpcheck'"));
        Assert.That(with.Exit, Is.Zero, with.Err);
        Assert.That(with.Out, Does.Contain("plugin types from 3 plugins"));
    }

    [Test]
    public void Check_AuthorsCheckWithBadSetting_ReportsFileLineKeyAndValue()
    {
        var config = WriteConfig("bad-port.yaml", "acme_tcpcheck", withPluginFolders: true);
        File.WriteAllText(config, File.ReadAllText(config).Replace("port: 80", "port: http", StringComparison.Ordinal));
        var line = Array.FindIndex(File.ReadAllLines(config), l => l.Contains("port: http", StringComparison.Ordinal)) + 1;

        var (exit, _, stderr) = CheckTestSupport.RunProcess(_temp.FullName, "check", "-c", config);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain($"{config}:{line}:11: error: health check 'chk_tcp' (type acme_tcpcheck): invalid setting 'port' = 'http'"));
    }

    [Test]
    public void Check_AuthorsNotifierWithUnknownSetting_ReportsTheKey()
    {
        var config = WriteConfig("bad-key.yaml", "acme_tcpcheck", withPluginFolders: true);
        File.WriteAllText(config, File.ReadAllText(config).Replace("    type: acme_statelog\n", "    type: acme_statelog\n    colour: blue\n", StringComparison.Ordinal));

        var (exit, _, stderr) = CheckTestSupport.RunProcess(_temp.FullName, "check", "-c", config);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("error: notifier 'state_log' (type acme_statelog): invalid setting 'colour' = 'blue'"));
    }

    [Test]
    public void Plugins_ConfigOption_ListsTheAuthorsPluginsWithTheirSdkVersion()
    {
        var config = WriteConfig("list.yaml", "acme_tcpcheck", withPluginFolders: true);

        var (exit, stdout, stderr) = CheckTestSupport.RunProcess(_temp.FullName, "plugins", "-c", config);

        Assert.That(exit, Is.Zero, stderr);
        Assert.That(stdout, Does.StartWith("plugin SDK 1.0.0 (HaAppliance.Abstractions; loads plugins built for SDK 1.0 to 1.0)"));
        Assert.That(stdout, Does.Contain($"Acme.TcpCheck 0.1.0 (SDK 1.0)  {Path.Combine(_drop, "Acme.TcpCheck", "Acme.TcpCheck.dll")}"));
        Assert.That(stdout, Does.Contain("  notifier: acme_statelog"));
        Assert.That(stdout, Does.Contain("  VIP backend: acme_cloudvip"));
    }

    [Test]
    public void Version_PrintsTheHostsSdkVersion()
    {
        var (exit, stdout, stderr) = CheckTestSupport.RunProcess(_temp.FullName, "version");

        Assert.That(exit, Is.Zero, stderr);
        Assert.That(stdout.Split('\n')[1], Is.EqualTo("plugin SDK 1.0.0 (HaAppliance.Abstractions; loads plugins built for SDK 1.0 to 1.0)"));
    }

    [Test]
    public void Plugins_PluginBuiltForSdk2_RefusedInOneLineNamingBothVersionsOthersLoad()
    {
        var (exit, stdout, stderr) = CheckTestSupport.RunProcess(_temp.FullName, "plugins", "--plugin-dir", _drop, "--plugin-dir", _futureDrop);

        Assert.That(exit, Is.Zero, stderr);
        var future = Path.Combine(_futureDrop, "Acme.Future", "Acme.Future.dll");
        Assert.That(stdout.Split('\n').Where(l => l.Contains("Acme.Future", StringComparison.Ordinal)), Is.EqualTo(new[]
        {
            "plugin Acme.Future: refused: built for plugin SDK 2.0 (another major version), this host has SDK 1.0.0 " +
            $"and loads plugins built for SDK 1.0 to 1.0: {future}",
        }));
        foreach (var (name, _, _) in Plugins)
        {
            Assert.That(stdout, Does.Contain($"{name} 0.1.0 (SDK 1.0)"));
        }
    }

    [Test]
    public void Check_ConfigNotUsingTheRefusedPlugin_PassesWithTheRefusalAsWarning()
    {
        var config = WriteConfig("future-unused.yaml", "acme_tcpcheck", withPluginFolders: true, extraFolder: _futureDrop);

        var (exit, stdout, stderr) = CheckTestSupport.RunProcess(_temp.FullName, "check", "-c", config);

        Assert.That(exit, Is.Zero, stderr);
        Assert.That(stderr, Does.Match(@":3:\d+: warning: plugin Acme\.Future: refused: built for plugin SDK 2\.0 .* this host has SDK 1\.0\.0"));
        Assert.That(stdout, Does.Contain("plugin types from 3 plugins"));
    }

    [Test]
    public void Check_ConfigUsingTheRefusedPluginsType_FailsAsUnknownType()
    {
        var config = WriteConfig("future-used.yaml", "acme_future", withPluginFolders: true, extraFolder: _futureDrop);

        var (exit, _, stderr) = CheckTestSupport.RunProcess(_temp.FullName, "check", "-c", config);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("warning: plugin Acme.Future: refused"));
        Assert.That(stderr, Does.Contain("has unknown type 'acme_future'; known types: acme_tcpcheck"));
    }

    /// <summary>A config using one check type and the authors' notifier and VIP backend.</summary>
    private string WriteConfig(string name, string checkType, bool withPluginFolders, string? extraFolder = null)
    {
        var folders = withPluginFolders ? $"plugin_folders: [{_drop}{(extraFolder is null ? "" : ", " + extraFolder)}]" : "# no plugin_folders";
        var path = Path.Combine(_temp.FullName, name);
        File.WriteAllText(path, $"""
            global:
              vip_backend: acme_cloudvip
            {folders}
            notifiers:
              state_log:
                type: acme_statelog
                path: {Path.Combine(_temp.FullName, "states.log")}
            instances:
              VI_1:
                interface: eth0
                virtual_router_id: 51
                priority: 100
                virtual_ipaddress: [192.0.2.100/24]
                track_script: [chk_tcp]
                notifiers: [state_log]
            checks:
              chk_tcp:
                type: {checkType}
                host: 127.0.0.1
                port: 80

            """);
        return path;
    }

    /// <summary>Runs dotnet as the author: in the workspace, a private packages folder and template hive.</summary>
    private string Author(params string[] args)
    {
        string[] all = args[0] == "new" ? [.. args, "--debug:custom-hive", Path.Combine(_temp.FullName, "hive")] : args;
        var (exit, stdout, stderr) = PackageTool.Run("env",
            [$"NUGET_PACKAGES={Path.Combine(_temp.FullName, "packages")}", "DOTNET_NOLOGO=1", "DOTNET_CLI_TELEMETRY_OPTOUT=1", PackageTool.Dotnet, .. all],
            BuildTimeout, _author);
        Assert.That(exit, Is.Zero, $"dotnet {string.Join(' ', all)}:\n{stdout}\n{stderr}");
        return stdout + stderr;
    }

    private List<(string Id, string Version)> SdkDependencies()
    {
        using var package = ZipFile.OpenRead(Path.Combine(_sdk, "feed", "HaAppliance.Abstractions.1.0.0.nupkg"));
        return Nuspec(package).Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => ((string)e.Attribute("id")!, (string)e.Attribute("version")!))
            .ToList();
    }

    private static XDocument Nuspec(ZipArchive package)
    {
        using var stream = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return XDocument.Load(stream);
    }
}
