using HaAppliance.Config.Schema;

namespace HaAppliance.Config.Tests.Configuration.Schema;

public sealed class ConfigSchemaDocsTests
{
    private static string DocPath => TestPaths.Repo("docs", "configuration.md");

    [Test]
    public void Update_ConfigurationMd_TablesEqualTheSchema()
    {
        var text = File.ReadAllText(DocPath).ReplaceLineEndings("\n");
        var updated = ConfigSchemaDocs.Update(text);
        if (updated != text && Environment.GetEnvironmentVariable("HAAPP_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(DocPath, updated);
            Assert.Warn("docs/configuration.md rewritten from ConfigSchema");
            return;
        }

        Assert.That(text, Is.EqualTo(updated),
            "the key tables of docs/configuration.md differ from ConfigSchema; run the test with HAAPP_UPDATE_DOCS=1 to regenerate them");
    }

    [Test]
    public void Regions_ConfigurationMd_OneTablePerSection()
    {
        var regions = ConfigSchemaDocs.Regions(File.ReadAllText(DocPath));

        Assert.That(regions, Is.EquivalentTo(ConfigSchema.Sections.Select(s => s.Name)));
    }

    [Test]
    public void Update_StaleTable_ReplacedByTheSchemasTable()
    {
        var stale = $"intro\n{ConfigSchemaDocs.BeginMarker("track")}\n| key | default | meaning |\n| `gone` | – | removed |\n{ConfigSchemaDocs.EndMarker}\nafter\n";

        var updated = ConfigSchemaDocs.Update(stale);

        Assert.That(updated, Is.EqualTo($"intro\n{ConfigSchemaDocs.BeginMarker("track")}\n{ConfigSchemaDocs.Table(ConfigSchema.Track)}{ConfigSchemaDocs.EndMarker}\nafter\n"));
        Assert.That(updated, Does.Not.Contain("gone"));
    }

    [Test]
    public void Update_RegionNamingNoSection_Throws()
    {
        var text = $"<!-- keys: instance -->\n{ConfigSchemaDocs.EndMarker}\n";

        Assert.That(() => ConfigSchemaDocs.Update(text), Throws.ArgumentException.With.Message.Contains("'instance'"));
    }

    [Test]
    public void Table_Global_OneRowPerKeyWithDefaultAndMeaning()
    {
        var rows = ConfigSchemaDocs.Table(ConfigSchema.Global).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();

        Assert.That(rows, Has.Count.EqualTo(ConfigSchema.Global.Keys.Count));
        Assert.That(rows, Does.Contain("| `vrrp_version` | `2` | protocol for instances without `version`: 2 (RFC 3768) or 3 (RFC 5798) |"));
        Assert.That(rows, Does.Contain("| `script_timeout` | `10s` | notify scripts running longer are killed |"), "the default comes from the model");
        Assert.That(rows, Does.Contain("| `router_id` | host name | name of this node in logs and notifications |"));
    }
}
