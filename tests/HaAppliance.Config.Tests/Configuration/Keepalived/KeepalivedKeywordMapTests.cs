using HaAppliance.Config;
using HaAppliance.Config.Keepalived;

namespace HaAppliance.Config.Tests.Configuration.Keepalived;

/// <summary>The tracker blocks' types and plugin setting names come from the keyword map the host passes in.</summary>
public sealed class KeepalivedKeywordMapTests
{
    private const string Script = "vrrp_script chk_web {\n script \"/usr/local/bin/check web\"\n user nobody nogroup\n interval 2\n}\n";

    private const string TrackFile = "track_file maint {\n file /run/maint\n init_file 3 overwrite\n}\n";

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> Declared(
        string block, string type, params (string Keyword, string Setting)[] keywords) =>
        new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>>
        {
            [block] = new Dictionary<string, IReadOnlyDictionary<string, string>>
            {
                [type] = keywords.ToDictionary(k => k.Keyword, k => k.Setting),
            },
        };

    private static (HaConfig Config, List<ConfigDiagnostic> Diagnostics) Read(string text, KeepalivedKeywordMap? map = null) =>
        KeepalivedConfigReader.ReadText(text, "map.conf", new KeepalivedReaderOptions { ConfigId = "lb1", Keywords = map ?? KeepalivedKeywordMap.BuiltIn });

    [Test]
    public void Read_NoMapGiven_WritesTheBuiltInNames()
    {
        var check = Read(Script).Config.Checks.Single();

        Assert.That(check.Type, Is.EqualTo("script"));
        Assert.That(check.Settings.Values, Is.EquivalentTo(new Dictionary<string, string?>
        {
            ["command"] = "/usr/local/bin/check web",
            ["user"] = "nobody",
            ["group"] = "nogroup",
        }));
    }

    [Test]
    public void Read_PluginDeclaresVrrpScript_WritesItsTypeAndSettingNames()
    {
        var map = KeepalivedKeywordMap.FromDeclared(Declared("vrrp_script", "exec", ("script", "run"), ("user", "as_user"), ("user.group", "as_group")));

        var (config, diagnostics) = Read(Script, map);

        var check = config.Checks.Single();
        Assert.That(diagnostics, Is.Empty);
        Assert.That(check.Type, Is.EqualTo("exec"));
        Assert.That(check.Settings.Values, Is.EquivalentTo(new Dictionary<string, string?>
        {
            ["run"] = "/usr/local/bin/check web",
            ["as_user"] = "nobody",
            ["as_group"] = "nogroup",
        }));
        Assert.That(check.Interval, Is.EqualTo(TimeSpan.FromSeconds(2)), "tracker fields stay the reader's");
    }

    [Test]
    public void Read_DeclaredBlockLacksAKeyword_WarnsUnsupportedOnceAndDropsIt()
    {
        var map = KeepalivedKeywordMap.FromDeclared(Declared("track_file", "file", ("file", "path"), ("init_file", "init_value")));

        var (config, diagnostics) = Read(TrackFile, map);

        var check = config.Checks.Single();
        Assert.That(check.Settings.Values, Is.EquivalentTo(new Dictionary<string, string?> { ["path"] = "/run/maint", ["init_value"] = "3" }));
        var warning = diagnostics.Single();
        Assert.That(warning.Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(warning.Message, Does.Contain("'init_file.overwrite'").And.Contain("check type 'file' has no setting"));
        Assert.That(warning.Location.Line, Is.EqualTo(3));
        Assert.That(config.Unsupported, Has.Member(warning));
    }

    [Test]
    public void Read_OtherBlocksThanDeclared_KeepTheBuiltInNames()
    {
        var map = KeepalivedKeywordMap.FromDeclared(Declared("vrrp_script", "exec", ("script", "run")));

        var check = Read(TrackFile, map).Config.Checks.Single();

        Assert.That(check.Type, Is.EqualTo("file"));
        Assert.That(check.Settings.Values["path"], Is.EqualTo("/run/maint"));
        Assert.That(check.Settings.Values["init_file_overwrite"], Is.EqualTo("true"));
    }

    [Test]
    public void FromDeclared_BlockWithTwoTypes_Throws()
    {
        var declared = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>>
        {
            ["vrrp_script"] = new Dictionary<string, IReadOnlyDictionary<string, string>>
            {
                ["a"] = new Dictionary<string, string> { ["script"] = "command" },
                ["b"] = new Dictionary<string, string> { ["script"] = "command" },
            },
        };

        var error = Assert.Throws<ArgumentException>(() => KeepalivedKeywordMap.FromDeclared(declared));

        Assert.That(error!.Message, Does.Contain("'vrrp_script'").And.Contain("exactly one check type"));
    }
}
