using HaAppliance.Config;
using HaAppliance.Config.Keepalived;
using HaAppliance.Hosting.Plugins;
using HaAppliance.Plugins.Http;
using HaAppliance.Plugins.Process;
using HaAppliance.Plugins.Script;

namespace HaAppliance.Plugins.Tests;

/// <summary>The built-in plugins register their types and bind the setting names the keepalived reader produces.</summary>
[TestFixture]
public sealed class BuiltInPluginsTests
{
    private static PluginCatalog Catalog()
    {
        var catalog = new PluginCatalog();
        catalog.AddAssembly(typeof(ScriptPlugin).Assembly, "Script");
        catalog.AddAssembly(typeof(ProcessPlugin).Assembly, "Process");
        catalog.AddAssembly(typeof(HttpPlugin).Assembly, "Http");
        return catalog;
    }

    private static CheckConfig Config(string type, params (string Key, string Value)[] settings)
    {
        var check = new CheckConfig { Name = "chk", Type = type, Location = new SourceLocation("keepalived.conf", 5, 1) };
        int line = 6;
        foreach (var (key, value) in settings)
        {
            check.Settings.Set(key, value, new SourceLocation("keepalived.conf", line++, 5));
        }

        return check;
    }

    [Test]
    public void TypesOf_HealthChecks_AreTheFourBuiltIns()
    {
        using var catalog = Catalog();

        Assert.That(catalog.TypesOf(PluginKind.HealthCheck), Is.EqualTo(new[] { "file", "http", "process", "script" }));
    }

    [Test]
    public async Task CreateHealthCheck_KeepalivedVrrpScriptCommand_RunsIt()
    {
        using var catalog = Catalog();

        var check = catalog.CreateHealthCheck(Config("script", ("command", "/bin/sh -c 'exit 2'")));

        Assert.That((await check.CheckAsync(CancellationToken.None)).Detail, Is.EqualTo("exited with status 2"));
    }

    [Test]
    public void CreateHealthCheck_KeepalivedTrackProcessSettings_BindAll()
    {
        using var catalog = Catalog();

        var check = catalog.CreateHealthCheck(Config("process",
            ("process", "nginx -g 'daemon off;'"), ("param_match", "initial"), ("quorum", "2"), ("quorum_max", "4"), ("delay", "1.5")));

        Assert.That(check, Is.InstanceOf<ProcessCheck>());
        Assert.That(((ProcessCheck)check).Evaluate(2).Healthy, Is.True);
        Assert.That(((ProcessCheck)check).Evaluate(5).Detail, Is.EqualTo("5 nginx processes running, quorum 2-4"));
    }

    [Test]
    public void CreateHealthCheck_BadQuorum_NamesLineKeyAndValue()
    {
        using var catalog = Catalog();

        var ex = Assert.Throws<PluginConfigurationException>(() => catalog.CreateHealthCheck(Config("process", ("process", "nginx"), ("quorum", "two"))));

        Assert.That(ex!.Message, Does.StartWith("keepalived.conf:7:5: error: health check 'chk' (type process): invalid setting 'quorum' = 'two'"));
    }

    [Test]
    public void CreateHealthCheck_InvalidUrl_ReportedOnTheCheck()
    {
        using var catalog = Catalog();

        var ex = Assert.Throws<PluginConfigurationException>(() => catalog.CreateHealthCheck(Config("http", ("url", "nope"))));

        Assert.That(ex!.Message, Is.EqualTo("keepalived.conf:5:1: error: health check 'chk' (type http): 'url' must be an absolute http or https URL, not 'nope'"));
    }

    [Test]
    public void KeepalivedKeywords_BuiltInPlugins_DeclareTheTrackerBlocks()
    {
        using var catalog = Catalog();

        var map = catalog.KeepalivedKeywords();

        Assert.That(map.DeclaredBlocks, Is.EquivalentTo(new[] { "vrrp_script", "vrrp_track_process", "track_file", "vrrp_track_file" }));
        Assert.That(map.Lookup("vrrp_track_file")!.Value.Type, Is.EqualTo("file"));
    }

    [TestCase("vrrp_script")]
    [TestCase("vrrp_track_process")]
    [TestCase("track_file")]
    [TestCase("vrrp_track_file")]
    public void KeepalivedKeywords_ScriptAndProcess_SameAsTheReadersBuiltInNames(string block)
    {
        using var catalog = Catalog();

        var declared = catalog.KeepalivedKeywords().Lookup(block)!.Value;
        var builtIn = KeepalivedKeywordMap.BuiltIn.Lookup(block)!.Value;

        Assert.That(declared.Type, Is.EqualTo(builtIn.Type));
        Assert.That(declared.Settings, Is.EquivalentTo(builtIn.Settings), "haapp convert without plugins writes what the plugin binds");
    }

    [Test]
    public async Task CreateHealthCheck_KeepalivedConfReadWithThePluginsKeywords_EveryTrackerBindsAndRuns()
    {
        using var catalog = Catalog();
        var folder = Directory.CreateTempSubdirectory("ha-ka-map-").FullName;
        try
        {
            var flag = Path.Combine(folder, "maint");
            await File.WriteAllTextAsync(flag, "0\n");
            var text = $$"""
                vrrp_script chk_exit {
                  script "/bin/sh -c 'exit 3'"
                  interval 1
                }
                vrrp_track_process chk_java {
                  process /usr/bin/java -jar app.jar
                  param_match partial
                  quorum 2
                  quorum_max 3
                  delay 0.5
                }
                track_file maint {
                  file {{flag}}
                  init_file 5 overwrite
                }
                """;

            var (config, diagnostics) = KeepalivedConfigReader.ReadText(text, Path.Combine(folder, "keepalived.conf"),
                new KeepalivedReaderOptions { ConfigId = "lb1", Keywords = catalog.KeepalivedKeywords() });
            var checks = config.Checks.ToDictionary(c => c.Name, c => catalog.CreateHealthCheck(c));

            Assert.That(diagnostics.Where(d => d.Message.Contains("unsupported", StringComparison.Ordinal)), Is.Empty);
            Assert.That((await checks["chk_exit"].CheckAsync(CancellationToken.None)).Detail, Is.EqualTo("exited with status 3"));
            Assert.That(((ProcessCheck)checks["chk_java"]).Evaluate(4).Detail, Does.EndWith("quorum 2-3"));
            Assert.That(await checks["maint"].CheckAsync(CancellationToken.None), Is.EqualTo(new Abstractions.HealthResult(false, "value 5")),
                "init_file 5 overwrite replaced the 0");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
