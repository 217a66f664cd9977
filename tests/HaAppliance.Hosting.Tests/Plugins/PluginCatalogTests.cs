using System.Runtime.Loader;
using HaAppliance.Abstractions;
using HaAppliance.Config;
using HaAppliance.Hosting.Plugins;
using HaAppliance.Kernel.Tracking;

namespace HaAppliance.Hosting.Tests.Plugins;

[TestFixture]
[NonParallelizable]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PluginCatalogTests
{
    private string _root = "";
    private string _built = "";

    [OneTimeSetUp]
    public void BuildSample()
    {
        _root = Directory.CreateTempSubdirectory("ha-plugins-").FullName;
        _built = Path.Combine(_root, "built", "Sample");
        SamplePluginBuild.Into(_built);
    }

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(_root, recursive: true);

    private string NewDropIn(params string[] names)
    {
        string folder = Path.Combine(_root, "dropin-" + Guid.NewGuid().ToString("N"));
        foreach (var name in names)
        {
            CopyDirectory(_built, Path.Combine(folder, name));
        }

        return folder;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    private static CheckConfig MarkerCheck(string marker, string attempts = "3")
    {
        var check = new CheckConfig { Name = "chk_marker", Type = "sample_marker", Location = new SourceLocation("site.yaml", 10, 3) };
        check.KeyLocations["type"] = new SourceLocation("site.yaml", 11, 11);
        check.Settings.Set("marker_path", marker, new SourceLocation("site.yaml", 12, 18));
        check.Settings.Set("attempts", attempts, new SourceLocation("site.yaml", 13, 15));
        return check;
    }

    [Test]
    public async Task LoadFolder_ThirdPartyPluginBuiltIntoDropIn_LoadsAndRunsItsCheck()
    {
        using var catalog = new PluginCatalog();
        catalog.LoadFolder(NewDropIn("Sample"));

        Assert.That(catalog.Plugins, Has.Count.EqualTo(1));
        var plugin = catalog.Plugins[0];
        Assert.That(plugin.Name, Is.EqualTo("Sample"));
        Assert.That(plugin.Version, Is.EqualTo("1.2.3"));
        Assert.That(plugin.Registrations.Select(r => r.Type), Is.EqualTo(new[] { "sample_marker" }));

        // The kernel has no reference to the sample: it lives in its own load context.
        var sampleAssembly = plugin.Registrations[0].OptionsType.Assembly;
        Assert.That(AssemblyLoadContext.GetLoadContext(sampleAssembly), Is.Not.SameAs(AssemblyLoadContext.Default));
        Assert.That(AssemblyLoadContext.Default.Assemblies.Select(a => a.GetName().Name), Has.No.Member("Sample.HealthChecks"));

        string marker = Path.Combine(_root, "marker-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(marker, "");
        var check = catalog.CreateHealthCheck(MarkerCheck(marker));
        var healthy = await check.CheckAsync(CancellationToken.None);
        File.Delete(marker);
        var failed = await check.CheckAsync(CancellationToken.None);

        Assert.That(healthy.Healthy, Is.True);
        Assert.That(healthy.Detail, Does.Contain("present (attempts 3)"), "settings bound across the plugin boundary");
        Assert.That(failed.Healthy, Is.False);
    }

    [Test]
    public async Task TrackerScheduler_ThirdPartyCheck_PostsTransitionWhenMarkerDisappears()
    {
        using var catalog = new PluginCatalog();
        catalog.LoadFolder(NewDropIn("Sample"));
        string marker = Path.Combine(_root, "marker-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(marker, "");
        var config = MarkerCheck(marker);
        config.Interval = TimeSpan.FromMilliseconds(20);
        config.InitiallyHealthy = false; // so the first success is a transition to observe
        var channel = System.Threading.Channels.Channel.CreateUnbounded<TrackerTransition>();
        await using var scheduler = new TrackerScheduler([InstanceSpecBuilder.ToTrackedCheck(config, catalog.CreateHealthCheck(config))], channel.Writer);
        scheduler.Start();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var up = await channel.Reader.ReadAsync(timeout.Token);
        File.Delete(marker);
        var down = await channel.Reader.ReadAsync(timeout.Token);

        Assert.That(up, Is.EqualTo(new TrackerTransition("chk_marker", true, $"marker: {marker} present (attempts 3)")));
        Assert.That(down.Healthy, Is.False);
    }

    [Test]
    public void LoadFolder_SameTypeInTwoPlugins_NamesBothPlugins()
    {
        using var catalog = new PluginCatalog();
        var ex = Assert.Throws<PluginLoadException>(() => catalog.LoadFolder(NewDropIn("SampleA", "SampleB")));

        Assert.That(ex!.Message, Does.Contain("'sample_marker' is registered twice"));
        Assert.That(ex.Message, Does.Contain("plugin SampleA").And.Contain("plugin SampleB"));
    }

    [Test]
    public void CreateHealthCheck_UnknownType_ListsKnownTypesAtTypeLocation()
    {
        using var catalog = new PluginCatalog();
        catalog.LoadFolder(NewDropIn("Sample"));
        var config = MarkerCheck("/nonexistent");
        config.Type = "sample_markr";

        var ex = Assert.Throws<PluginConfigurationException>(() => catalog.CreateHealthCheck(config));

        Assert.That(ex!.Message, Is.EqualTo(
            "site.yaml:11:11: error: health check 'chk_marker': unknown type 'sample_markr'; known health check types: sample_marker"));
    }

    [Test]
    public void CreateHealthCheck_ValueThatDoesNotConvert_NamesFileLineKeyAndValue()
    {
        using var catalog = new PluginCatalog();
        catalog.LoadFolder(NewDropIn("Sample"));

        var ex = Assert.Throws<PluginConfigurationException>(() => catalog.CreateHealthCheck(MarkerCheck("/x", attempts: "many")));

        Assert.That(ex!.Message, Does.StartWith("site.yaml:13:15: error: health check 'chk_marker' (type sample_marker): invalid setting 'attempts' = 'many'"));
    }

    [Test]
    public void CreateHealthCheck_UnknownSetting_NamesTheKey()
    {
        using var catalog = new PluginCatalog();
        catalog.LoadFolder(NewDropIn("Sample"));
        var config = MarkerCheck("/x");
        config.Settings.Set("marker_pth", "/y", new SourceLocation("site.yaml", 14, 5));

        var ex = Assert.Throws<PluginConfigurationException>(() => catalog.CreateHealthCheck(config));

        Assert.That(ex!.Message, Is.EqualTo("site.yaml:14:5: error: health check 'chk_marker' (type sample_marker): invalid setting 'marker_pth' = '/y': unknown setting; known settings: marker_path, label, attempts"));
    }

    [Test]
    public void LoadFolder_FolderWithoutMainAssembly_SaysWhatIsExpected()
    {
        string folder = NewDropIn();
        Directory.CreateDirectory(Path.Combine(folder, "Empty"));
        File.WriteAllText(Path.Combine(folder, "Empty", "readme.txt"), "nothing");
        using var catalog = new PluginCatalog();

        var ex = Assert.Throws<PluginLoadException>(() => catalog.LoadFolder(folder));

        Assert.That(ex!.Message, Does.StartWith("plugin Empty: no main assembly in " + Path.Combine(folder, "Empty")));
    }

    [Test]
    public void LoadFolder_CorruptAssembly_NamesTheFileAndTheReason()
    {
        string folder = Path.Combine(NewDropIn(), "Broken");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "Broken.dll"), "this is not a PE file");
        File.Copy(Path.Combine(_built, "Sample.HealthChecks.deps.json"), Path.Combine(folder, "Broken.deps.json"));
        using var catalog = new PluginCatalog();

        var ex = Assert.Throws<PluginLoadException>(() => catalog.LoadFolder(Path.GetDirectoryName(folder)!));

        Assert.That(ex!.Message, Does.StartWith($"plugin Broken: cannot load {Path.Combine(folder, "Broken.dll")}: "));
        Assert.That(ex.InnerException, Is.Not.Null);
    }

    [Test]
    public void LoadFolder_AsRootWithOtherWritableAssembly_RefusesNamingPath()
    {
        Requires.Root("the check only applies to a root daemon");
        string folder = NewDropIn("Sample");
        string dll = Path.Combine(folder, "Sample", "Sample.HealthChecks.dll");
        File.SetUnixFileMode(dll, File.GetUnixFileMode(dll) | UnixFileMode.OtherWrite);
        using var catalog = new PluginCatalog();

        var ex = Assert.Throws<PluginLoadException>(() => catalog.LoadFolder(folder));

        Assert.That(ex!.Message, Does.StartWith($"plugin Sample: refusing {dll}: {dll} is writable by others"));
    }

    [Test]
    public void LoadFolder_AsRootWithGroupWritableFolder_RefusesNamingFolder()
    {
        Requires.Root("the check only applies to a root daemon");
        string folder = NewDropIn("Sample");
        string plugin = Path.Combine(folder, "Sample");
        File.SetUnixFileMode(plugin, File.GetUnixFileMode(plugin) | UnixFileMode.GroupWrite);
        Chown(plugin, "0:100");
        using var catalog = new PluginCatalog();

        var ex = Assert.Throws<PluginLoadException>(() => catalog.LoadFolder(folder));

        Assert.That(ex!.Message, Does.Contain($"{plugin} is writable by group 100"));
    }

    [Test]
    public void LoadFolder_AsRootWithFileOwnedByNonRoot_Refuses()
    {
        Requires.Root("only root can give a file away");
        string folder = NewDropIn("Sample");
        string deps = Path.Combine(folder, "Sample", "Sample.HealthChecks.deps.json");
        Chown(deps, "65534:65534");
        using var catalog = new PluginCatalog();

        var ex = Assert.Throws<PluginLoadException>(() => catalog.LoadFolder(folder));

        Assert.That(ex!.Message, Does.Contain($"{deps} is owned by uid 65534, not root"));
    }

    [Test]
    public void LoadFolder_SecurityOffWithOtherWritableAssembly_Loads()
    {
        string folder = NewDropIn("Sample");
        string dll = Path.Combine(folder, "Sample", "Sample.HealthChecks.dll");
        File.SetUnixFileMode(dll, File.GetUnixFileMode(dll) | UnixFileMode.OtherWrite);
        using var catalog = new PluginCatalog(options: new PluginCatalogOptions { EnforceFileSecurity = false });

        catalog.LoadFolder(folder);

        Assert.That(catalog.TypesOf(PluginKind.HealthCheck), Is.EqualTo(new[] { "sample_marker" }));
    }

    [Test]
    public void AddAssembly_RegistersInProcessPlugin_TypesAreCaseInsensitive()
    {
        using var catalog = new PluginCatalog();
        catalog.AddAssembly(typeof(PluginCatalogTests).Assembly, "InProcess");

        Assert.That(catalog.Find(PluginKind.Notifier, "TEST_NOTIFIER"), Is.Not.Null);
        Assert.That(catalog.CreateNotifier(new NotifierConfig { Name = "n", Type = "Test_Notifier" }), Is.InstanceOf<TestNotifier>());
    }

    [Test]
    public void CreateNotifier_FactoryWithABug_ReportedAsConfigurationErrorNamingThePlugin()
    {
        using var catalog = new PluginCatalog();
        catalog.AddAssembly(typeof(PluginCatalogTests).Assembly, "InProcess");

        var ex = Assert.Throws<PluginConfigurationException>(() => catalog.CreateNotifier(
            new NotifierConfig { Name = "ops", Type = "test_broken", Location = new SourceLocation("site.yaml", 3, 3) }));

        Assert.That(ex!.Message, Is.EqualTo("site.yaml:3:3: error: notifier 'ops' (type test_broken): plugin InProcess failed to create it: NullReferenceException: oops"));
    }

    private static void Chown(string path, string owner)
    {
        using var p = System.Diagnostics.Process.Start("chown", [owner, path]);
        p.WaitForExit();
        Assert.That(p.ExitCode, Is.Zero, "chown");
    }
}
