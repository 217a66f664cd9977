using HaAppliance.Abstractions;
using HaAppliance.Hosting.Plugins;

namespace HaAppliance.Hosting.Tests.Plugins;

/// <summary>The catalog takes plugins' keepalived keyword declarations (<see cref="IKeepalivedKeywordMap"/>) and checks them.</summary>
[TestFixture]
public sealed class PluginCatalogKeepalivedTests
{
    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> Block(string block, string type, string keyword, string setting) =>
        new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>>
        {
            [block] = new Dictionary<string, IReadOnlyDictionary<string, string>> { [type] = new Dictionary<string, string> { [keyword] = setting } },
        };

    private static LoadedPlugin Plugin(string name) => new(name, "1.0", $"/plugins/{name}/{name}.dll");

    [Test]
    public void KeepalivedKeywords_PluginDeclaresVrrpScript_MapsItToThePluginsType()
    {
        using var catalog = new PluginCatalog();
        catalog.AddPlugin(new DeclaringPlugin("exec", Block("vrrp_script", "exec", "script", "run")), Plugin("Exec"));

        var map = catalog.KeepalivedKeywords();

        Assert.That(map.DeclaredBlocks, Is.EquivalentTo(new[] { "vrrp_script" }));
        var (type, settings) = map.Lookup("vrrp_script")!.Value;
        Assert.That(type, Is.EqualTo("exec"));
        Assert.That(settings["script"], Is.EqualTo("run"));
        Assert.That(map.Lookup("track_file")!.Value.Type, Is.EqualTo("file"), "undeclared blocks keep the built-in names");
    }

    [Test]
    public void KeepalivedKeywords_NoPluginDeclares_IsTheBuiltInMap()
    {
        using var catalog = new PluginCatalog();
        catalog.AddPlugin(new DeclaringPlugin("exec", new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>>()), Plugin("Exec"));

        var map = catalog.KeepalivedKeywords();

        Assert.That(map.DeclaredBlocks, Is.Empty);
        Assert.That(map.Lookup("vrrp_script")!.Value.Settings["script"], Is.EqualTo("command"));
    }

    [Test]
    public void AddPlugin_BlockForATypeItDidNotRegister_ThrowsNamingBlockAndType()
    {
        using var catalog = new PluginCatalog();

        var error = Assert.Throws<PluginLoadException>(() =>
            catalog.AddPlugin(new DeclaringPlugin("exec", Block("vrrp_script", "shell", "script", "run")), Plugin("Exec")));

        Assert.That(error!.Message, Does.Contain("'vrrp_script'").And.Contain("'shell'").And.Contain("did not register"));
        Assert.That(catalog.KeepalivedKeywords().DeclaredBlocks, Is.Empty);
    }

    [Test]
    public void AddPlugin_SecondPluginClaimsTheSameBlock_ThrowsNamingBoth()
    {
        using var catalog = new PluginCatalog();
        catalog.AddPlugin(new DeclaringPlugin("exec", Block("vrrp_script", "exec", "script", "run")), Plugin("Exec"));

        var error = Assert.Throws<PluginLoadException>(() =>
            catalog.AddPlugin(new DeclaringPlugin("shell", Block("vrrp_script", "shell", "script", "cmd")), Plugin("Shell")));

        Assert.That(error!.Message, Does.Contain("'vrrp_script' is claimed twice").And.Contain("Exec").And.Contain("Shell"));
    }

    private sealed class NoOptions;

    /// <summary>Registers one health check type and declares the given keepalived blocks.</summary>
    private sealed class DeclaringPlugin(string type, IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> blocks)
        : IHaPlugin, IKeepalivedKeywordMap
    {
        public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> KeepalivedKeywords => blocks;

        public void Register(IPluginRegistry registry) =>
            registry.AddHealthCheck<NoOptions>(type, (_, _) => throw new NotSupportedException("never created in these tests"));
    }
}
