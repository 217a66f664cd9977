using HaAppliance.Config;
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
}
