using HaAppliance.Config;
using HaAppliance.Config.Yaml;

namespace HaAppliance.Config.Tests.Configuration;

public sealed class ConfigYamlWriterTests
{
    [TestCase("good/full.yaml")]
    [TestCase("../../../etc/haapp.yaml")]
    public void Write_ReadBack_GivesEqualModel(string file)
    {
        var (original, diagnostics) = YamlConfigReader.Read(Path.GetFullPath(Path.Combine(TestPaths.ConfigData, file)));
        Assert.That(diagnostics, Is.Empty);

        var yaml = ConfigYamlWriter.Write(original);
        var (copy, copyDiagnostics) = YamlConfigReader.ReadText(yaml, "written.yaml");

        Assert.That(copyDiagnostics, Is.Empty, yaml);
        Assert.That(ModelDump.Of(copy), Is.EqualTo(ModelDump.Of(original)), yaml);
        Assert.That(ConfigYamlWriter.Write(copy), Is.EqualTo(yaml), "writing is stable");
    }

    [Test]
    public void Write_ExplicitDefaults_KeptAsWritten()
    {
        var (config, diagnostics) = YamlConfigReader.ReadText(
            "global:\n  enable_script_security: false\n  garp:\n    master_repeat: 5\ninstances:\n  VI_1:\n    interface: eth0\n    virtual_router_id: 1\n    advert_int: 1s\n    virtual_ipaddress: [192.0.2.1]\n",
            "explicit.yaml");
        Assert.That(diagnostics, Is.Empty);

        var yaml = ConfigYamlWriter.Write(config);

        Assert.That(yaml, Does.Contain("enable_script_security: false"));
        Assert.That(yaml, Does.Contain("garp:\n    master_repeat: 5"));
        Assert.That(yaml, Does.Contain("advert_int: 1s"));
    }

    [Test]
    public void Write_DefaultsNotWritten_LeftOut()
    {
        var (config, _) = YamlConfigReader.ReadText("instances:\n  VI_1:\n    interface: eth0\n    virtual_router_id: 1\n    virtual_ipaddress: [192.0.2.1]\n", "implicit.yaml");

        var yaml = ConfigYamlWriter.Write(config);

        Assert.That(yaml, Does.Not.Contain("advert_int"));
        Assert.That(yaml, Does.Not.Contain("global:"));
    }

    [Test]
    public void Write_ValuesThatLookLikeOtherTypes_QuotesThem()
    {
        var config = new HaConfig();
        var check = new CheckConfig { Name = "c", Type = "script" };
        check.Settings.Set("flag", "true", SourceLocation.Unknown);
        check.Settings.Set("nothing", "null", SourceLocation.Unknown);
        check.Settings.Set("blank", "", SourceLocation.Unknown);
        config.Checks.Add(check);
        config.Global.RouterId = "123";

        var (copy, diagnostics) = YamlConfigReader.ReadText(ConfigYamlWriter.Write(config), "w.yaml");

        Assert.That(diagnostics, Is.Empty);
        Assert.That(copy.Global.RouterId, Is.EqualTo("123"));
        Assert.That(copy.Checks[0].Settings.Values["flag"], Is.EqualTo("true"));
        Assert.That(copy.Checks[0].Settings.Values["nothing"], Is.EqualTo("null"));
        Assert.That(copy.Checks[0].Settings.Values["blank"], Is.EqualTo(""));
    }

    [Test]
    public void Write_DefaultModel_WritesAlmostNothing()
    {
        Assert.That(ConfigYamlWriter.Write(new HaConfig()).Trim(), Is.EqualTo("{}"));
    }
}
