using System.Text.Json;

namespace HaAppliance.Cli.Tests;

/// <summary>
/// Builds the .deb with packaging/build-deb.sh (an isolated build in a temp folder, shared with the image tests), inspects it with dpkg-deb,
/// extracts it into a temp root and runs the packaged CLI and plugins from there, as an installed node would.
/// </summary>
[TestFixture]
[Category("Package")]
[NonParallelizable]
public sealed partial class PackageTests
{
    private const string Version = TestPackage.Version;
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(2);

    private DirectoryInfo _temp = null!;
    private string _deb = null!;
    private string _root = null!;
    private List<PackageEntry> _entries = null!;

    [OneTimeSetUp]
    public void BuildAndExtract()
    {
        Requires.Tool("dpkg-deb", "the package is built and unpacked (apt-get install dpkg)", requiredOnCi: false);

        _temp = Directory.CreateTempSubdirectory("haapp-pkg-");
        _deb = TestPackage.Deb;

        var list = PackageTool.Run("dpkg-deb", ["-c", _deb], ToolTimeout);
        Assert.That(list.Exit, Is.Zero, list.Err);
        _entries = list.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(PackageEntry.Parse).ToList();

        _root = Path.Combine(_temp.FullName, "root");
        var extract = PackageTool.Run("dpkg-deb", ["-x", _deb, _root], ToolTimeout);
        Assert.That(extract.Exit, Is.Zero, extract.Err);
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
    public void Build_VersionArgument_NamesFileAndControlVersion()
    {
        Assert.That(Path.GetFileName(_deb), Is.EqualTo($"haapp_{Version}_amd64.deb"));
        Assert.That(Field("Version"), Is.EqualTo(Version));
    }

    [Test]
    public void Build_InvalidVersion_FailsNamingTheValue()
    {
        var (exit, _, stderr) = PackageTool.Run("bash", [CheckTestSupport.Repo("packaging", "build-deb.sh"), "v1.0", "-o", Path.Combine(_temp.FullName, "bad")], ToolTimeout);
        Assert.That(exit, Is.Not.Zero);
        Assert.That(stderr, Does.Contain("'v1.0'"));
    }

    [Test]
    public void Info_Control_DeclaresPackageAndRuntimeDependencies()
    {
        Assert.That(Field("Package"), Is.EqualTo("haapp"));
        Assert.That(Field("Architecture"), Is.EqualTo("amd64"));
        var depends = Field("Depends").Split(',', StringSplitOptions.TrimEntries);
        // Self-contained: Debian's own packages only (the runtime's C/C++ and TLS libraries, libpcap, ip).
        Assert.That(depends, Has.None.Contains("dotnet"));
        Assert.That(depends, Does.Contain("libpcap0.8 | libpcap0.8t64"));
        Assert.That(depends, Does.Contain("iproute2"));
        Assert.That(depends, Does.Contain("libstdc++6"));
        Assert.That(Field("Recommends"), Does.Contain("tshark"));
        Assert.That(int.Parse(Field("Installed-Size"), System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(1000), "Installed-Size is in KiB");
    }

    [Test]
    public void Info_Conffiles_ListsTheConfigurationThatIsInThePackage()
    {
        var (exit, stdout, stderr) = PackageTool.Run("dpkg-deb", ["-I", _deb, "conffiles"], ToolTimeout);
        Assert.That(exit, Is.Zero, stderr);
        var conffiles = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(conffiles, Is.EquivalentTo(new[] { "/etc/haapp/haapp.yaml" }));
        Assert.That(_entries.Select(e => e.Path), Is.SupersetOf(conffiles));
    }

    [Test]
    public void Contents_EveryEntry_RootOwnedAndNotGroupOrOtherWritable()
    {
        Assert.That(_entries, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var entry in _entries)
            {
                Assert.That(entry.Owner, Is.EqualTo("root/root"), entry.Path);
                Assert.That(entry.IsGroupOrOtherWritable, Is.False, $"{entry.Path} {entry.Mode}");
            }
        });
    }

    [Test]
    public void Contents_Package_HoldsWrapperCliUnitConfigTemplatesAndExamples()
    {
        var files = _entries.Where(e => !e.IsDirectory).ToDictionary(e => e.Path);
        Assert.Multiple(() =>
        {
            Assert.That(files.TryGetValue("/usr/lib/haapp/haapp", out var apphost) && apphost.IsExecutable, Is.True, "/usr/lib/haapp/haapp, executable");
            foreach (var path in new[]
                     {
                         "/usr/bin/haapp", "/usr/lib/haapp/haapp.dll", "/usr/lib/haapp/haapp.runtimeconfig.json", "/usr/lib/haapp/haapp.deps.json",
                         "/lib/systemd/system/haapp.service", "/etc/haapp/haapp.yaml", "/usr/share/doc/haapp/copyright",
                     })
            {
                Assert.That(files, Does.ContainKey(path));
            }

            foreach (var template in Directory.EnumerateFiles(CheckTestSupport.Repo("templates"), "*", SearchOption.AllDirectories))
            {
                Assert.That(files, Does.ContainKey("/usr/share/haapp/templates/" + Path.GetRelativePath(CheckTestSupport.Repo("templates"), template)));
            }

            foreach (var site in Directory.EnumerateFiles(CheckTestSupport.Repo("etc", "sites")))
            {
                Assert.That(files, Does.ContainKey("/usr/share/doc/haapp/examples/sites/" + Path.GetFileName(site)));
            }
        });
    }

    [Test]
    public void Contents_EveryBuiltInPlugin_InItsDropInFolder()
    {
        var projects = PluginProjects();
        Assert.That(projects, Is.Not.Empty);
        var paths = _entries.Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        Assert.Multiple(() =>
        {
            foreach (var project in projects)
            {
                var name = Path.GetFileNameWithoutExtension(project);
                var folder = name.Replace("HaAppliance.Plugins.", "", StringComparison.Ordinal);
                Assert.That(paths, Does.Contain($"/usr/lib/haapp/plugins/{folder}/{name}.dll"));
                Assert.That(paths, Does.Contain($"/usr/lib/haapp/plugins/{folder}/{name}.deps.json"));
                // The contract is the kernel's: a plugin-local copy would break type identity when loading.
                Assert.That(paths, Does.Not.Contain($"/usr/lib/haapp/plugins/{folder}/HaAppliance.Abstractions.dll"));
            }
        });
    }

    [Test]
    public void Contents_Cli_SelfContainedNotSingleFile()
    {
        var paths = _entries.Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        // Single-file would fold these into the apphost; self-contained ships the runtime itself.
        Assert.That(paths, Does.Contain("/usr/lib/haapp/HaAppliance.Kernel.dll"));
        Assert.That(paths, Does.Contain("/usr/lib/haapp/System.Private.CoreLib.dll"));
        Assert.That(paths, Does.Contain("/usr/lib/haapp/libcoreclr.so"));
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(_root, "usr/lib/haapp/haapp.runtimeconfig.json")));
        var options = config.RootElement.GetProperty("runtimeOptions");
        var framework = options.GetProperty("includedFrameworks")[0];
        Assert.That(framework.GetProperty("name").GetString(), Is.EqualTo("Microsoft.NETCore.App"));
        Assert.That(framework.GetProperty("version").GetString(), Does.StartWith("10."));
        // No ICU on a plain Debian install is fine only with invariant globalization.
        Assert.That(options.GetProperty("configProperties").GetProperty("System.Globalization.Invariant").GetBoolean(), Is.True);
    }

    [Test]
    public void Contents_Plugins_ShipNoRuntimeOrHostAssemblies()
    {
        // A plugin-local copy of a runtime or host assembly is loaded twice (type identity breaks) or shadows
        // the host's; the plugins are framework-dependent and load into the host's self-contained runtime.
        var plugins = _entries.Where(e => !e.IsDirectory && e.Path.StartsWith("/usr/lib/haapp/plugins/", StringComparison.Ordinal)).ToList();
        Assert.That(plugins, Is.Not.Empty);
        Assert.That(plugins.Select(e => Path.GetFileName(e.Path)), Has.None.EqualTo("System.Private.CoreLib.dll").And.None.EqualTo("libcoreclr.so")
            .And.None.EqualTo("HaAppliance.Abstractions.dll").And.None.EqualTo("haapp.dll"));
    }

    [Test]
    public void Wrapper_UsrBinIsASymlinkToTheApphost()
    {
        var wrapper = new FileInfo(Path.Combine(_root, "usr/bin/haapp"));
        Assert.That(wrapper.LinkTarget, Is.EqualTo("../lib/haapp/haapp"));
        Assert.That(File.Exists(Path.Combine(_root, "usr/lib/haapp/haapp.dll")), Is.True);
        // Through the symlink, with no dotnet on PATH and no DOTNET_ROOT: the apphost finds its runtime beside its real path.
        var start = new System.Diagnostics.ProcessStartInfo(wrapper.FullName, "--version") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PATH"] = "/nonexistent";
        start.Environment.Remove("DOTNET_ROOT");
        start.Environment.Remove("DOTNET_HOST_PATH");
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.That(process.WaitForExit(ToolTimeout), Is.True);
        Assert.That(process.ExitCode, Is.Zero, stderr.Result);
        Assert.That(stdout.Result, Is.Not.Empty);
    }

    [Test]
    public void Contents_Configuration_RootOnly0600()
    {
        var config = _entries.Single(e => e.Path == "/etc/haapp/haapp.yaml");
        Assert.That(config.Mode, Is.EqualTo("-rw-------"));
    }

    [Test]
    public void MaintainerScripts_ValidShellAndNeverStartTheService()
    {
        var control = Path.Combine(_temp.FullName, "control");
        var (exit, _, stderr) = PackageTool.Run("dpkg-deb", ["-e", _deb, control], ToolTimeout);
        Assert.That(exit, Is.Zero, stderr);
        Assert.Multiple(() =>
        {
            foreach (var script in new[] { "postinst", "prerm", "postrm" })
            {
                var path = Path.Combine(control, script);
                Assert.That(File.Exists(path), Is.True, script);
                var syntax = PackageTool.Run("sh", ["-n", path], ToolTimeout);
                Assert.That(syntax.Exit, Is.Zero, $"{script}: {syntax.Err}");
                // A node that starts on an unedited configuration could claim another's address.
                // Messages to the operator (echo) and comments may name the commands; no command line may run them.
                var commands = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => !l.StartsWith("echo ", StringComparison.Ordinal) && !l.StartsWith('#'));
                // try-restart (on upgrade) restarts only a daemon that is already running.
                Assert.That(commands, Has.None.Match(@"systemctl\s+(\S+\s+)*(start|enable|restart)\b"), script);
            }

            Assert.That(File.ReadAllText(Path.Combine(control, "postinst")), Does.Contain("daemon-reload").And.Contain("/var/lib/haapp"));
        });
    }

    [Test]
    public void Extracted_PluginsCommand_LoadsEveryBuiltInPluginFromThePackage()
    {
        var (exit, stdout, stderr) = Haapp("plugins");
        Assert.That(exit, Is.Zero, stderr);
        foreach (var project in PluginProjects())
        {
            var name = Path.GetFileNameWithoutExtension(project);
            var folder = name.Replace("HaAppliance.Plugins.", "", StringComparison.Ordinal);
            Assert.That(stdout, Does.Contain(Path.Combine(_root, "usr/lib/haapp/plugins", folder, name + ".dll")));
        }
    }

    [Test]
    public void Extracted_Render_ShippedTemplateWithShippedSiteName_ProducesValidConfig()
    {
        var template = Path.Combine(_root, "usr/share/haapp/templates/web-pair.yaml.sbn");
        var site = Path.GetFileNameWithoutExtension(Directory.EnumerateFiles(CheckTestSupport.Repo("etc", "sites"), "*.yaml").Order(StringComparer.Ordinal).First());
        var output = Path.Combine(_temp.FullName, site + ".yaml");
        var (exit, stdout, stderr) = Haapp("render", template, "--site", site, "-o", output);
        Assert.That(exit, Is.Zero, $"{stdout}\n{stderr}");
        var check = Haapp("check", "-c", output);
        Assert.That(check.Exit, Is.Zero, check.Err);
    }

    [Test]
    public void Unit_ExecStartPre_AcceptsThePackagedConfiguration()
    {
        // The unit checks with --host, so the packaged config must pass on a host that has its interface (eth0),
        // with an address, as the appliance has; a namespace with one stands for it, whatever this machine's interfaces are.
        Requires.Root("the check runs in a network namespace that has an eth0, like the appliance");
        var pre = UnitValues("ExecStartPre").Single();
        var ns = $"hapkg-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
        NamespaceDaemon.Ip("netns", "add", ns);
        try
        {
            NamespaceDaemon.Ip("-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0p");
            NamespaceDaemon.Ip("-n", ns, "addr", "add", "192.0.2.1/24", "dev", "eth0");
            NamespaceDaemon.Ip("-n", ns, "link", "set", "eth0", "up");
            string[] args = ["netns", "exec", ns, Path.Combine(_root, "usr/bin/haapp"), .. Localize(pre)];
            var (exit, stdout, stderr) = PackageTool.Run("ip", args, ToolTimeout, _temp.FullName);
            Assert.That(exit, Is.Zero, $"{pre}\n{stdout}\n{stderr}");
            Assert.That(stdout, Does.Contain("OK:"));
        }
        finally
        {
            PackageTool.Run("ip", ["netns", "del", ns], ToolTimeout);
        }
    }

    [Test]
    public void Unit_ExecReload_ChecksThenReloadsThroughTheControlSocket()
    {
        // haapp reload's exit code is the daemon's verdict, so a refused reload fails "systemctl reload".
        var reload = UnitValues("ExecReload");
        Assert.That(reload, Has.Count.EqualTo(2));
        Assert.That(reload[0], Does.StartWith("/usr/bin/haapp check "));
        Assert.That(reload[1], Is.EqualTo("/usr/bin/haapp reload --control-socket /run/haapp/haapp.sock"));
        Assert.That(UnitValues("ExecStart").Single(), Does.Contain("--control-socket /run/haapp/haapp.sock"));
    }

    [Test]
    public void Unit_Service_NotifiesReadinessAndWatchdog()
    {
        Assert.That(UnitValues("Type"), Is.EqualTo(new[] { "notify" }));
        Assert.That(UnitValues("NotifyAccess"), Is.EqualTo(new[] { "main" }));
        Assert.That(UnitValues("WatchdogSec"), Is.EqualTo(new[] { "10s" }));
    }

    [Test]
    public void Unit_ExecStartOptions_AreKnownToTheRunCommand()
    {
        var start = UnitValues("ExecStart").Single();
        Assert.That(start, Does.StartWith("/usr/bin/haapp run "));
        var (exit, help, stderr) = Haapp("run", "--help");
        Assert.That(exit, Is.Zero, stderr);
        foreach (var option in start.Split(' ').Where(t => t.StartsWith('-')))
        {
            Assert.That(help, Does.Contain(option), $"ExecStart uses {option}, which 'haapp run' does not offer");
        }
    }

    [Test]
    public void Unit_Documentation_PointsIntoThePackage()
    {
        var docs = UnitValues("Documentation").SelectMany(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.That(docs, Is.Not.Empty);
        var paths = _entries.Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var uri in docs.Where(d => d.StartsWith("file://", StringComparison.Ordinal)))
        {
            Assert.That(paths, Does.Contain(uri["file://".Length..]));
        }
    }

    [Test]
    public void Unit_Service_NamedInTheJournalAndSandboxed()
    {
        Assert.Multiple(() =>
        {
            Assert.That(UnitValues("SyslogIdentifier"), Is.EqualTo(new[] { "haapp" }));
            Assert.That(UnitValues("ProtectSystem"), Is.EqualTo(new[] { "full" }));
            Assert.That(UnitValues("ProtectHome"), Is.EqualTo(new[] { "read-only" }));
            Assert.That(UnitValues("PrivateTmp"), Is.EqualTo(new[] { "yes" }));
            Assert.That(UnitValues("RestrictAddressFamilies"), Is.EqualTo(new[] { "AF_UNIX AF_INET AF_INET6 AF_NETLINK AF_PACKET" }));
            Assert.That(UnitValues("UMask"), Is.EqualTo(new[] { "0077" }));
        });
    }

    [Test]
    public void Unit_SystemdAnalyzeVerify_ReportsNoProblems()
    {
        Requires.Tool("systemd-analyze", "the unit is verified (apt-get install systemd)", requiredOnCi: false);

        // verify also checks that each Exec*= program exists and is executable: point them into the extracted
        // package so the packaged wrapper is what is checked.
        var folder = Directory.CreateDirectory(Path.Combine(_temp.FullName, "unit")).FullName;
        var unit = Path.Combine(folder, "haapp.service");
        File.WriteAllText(unit, File.ReadAllText(Path.Combine(_root, "lib/systemd/system/haapp.service"))
            .Replace("/usr/bin/haapp", Path.Combine(_root, "usr/bin/haapp"), StringComparison.Ordinal));
        var (exit, stdout, stderr) = PackageTool.Run("systemd-analyze", ["verify", "--man=no", unit], ToolTimeout);
        // Problems in the unit are printed (often with exit 0, "ignoring"); the host's own units may add noise.
        var problems = (stdout + stderr).Split('\n').Where(l => l.Contains("haapp.service", StringComparison.Ordinal)).ToList();
        Assert.That(exit, Is.Zero, stdout + stderr);
        Assert.That(problems, Is.Empty);
    }

    /// <summary>Runs the packaged CLI as /usr/bin/haapp does: the apphost through the symlink, on its own runtime.</summary>
    private (int Exit, string Out, string Err) Haapp(params string[] args) =>
        PackageTool.Run(Path.Combine(_root, "usr/bin/haapp"), args, ToolTimeout, _temp.FullName);

    /// <summary>A unit command line with the installed paths moved into the extracted root, minus the program.</summary>
    private string[] Localize(string commandLine) =>
        commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1)
            .Select(a => a.StartsWith("/etc/haapp/", StringComparison.Ordinal) ? Path.Combine(_root, a.TrimStart('/')) : a)
            .ToArray();

    private List<string> UnitValues(string key) =>
        File.ReadAllLines(Path.Combine(_root, "lib/systemd/system/haapp.service"))
            .Where(l => l.StartsWith(key + "=", StringComparison.Ordinal))
            .Select(l => l[(key.Length + 1)..].Trim())
            .ToList();

    private string Field(string name)
    {
        var (exit, stdout, stderr) = PackageTool.Run("dpkg-deb", ["-f", _deb, name], ToolTimeout);
        Assert.That(exit, Is.Zero, stderr);
        return stdout.Trim();
    }

    /// <summary>The drop-in plugin projects (plugins/Shared is a helper library the plugins reference).</summary>
    private static string[] PluginProjects() =>
        Directory.GetFiles(CheckTestSupport.Repo("plugins"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => File.ReadAllText(p).Contains("<EnableDynamicLoading>true", StringComparison.Ordinal))
            .ToArray();
}
