using System.Net;
using HaAppliance.Config;
using HaAppliance.Config.Yaml;

namespace HaAppliance.Config.Tests.Configuration;

public sealed class YamlConfigReaderTests
{
    private static (HaConfig Config, List<ConfigDiagnostic> Diagnostics) Full() =>
        YamlConfigReader.Read(Path.Combine(TestPaths.ConfigData, "good", "full.yaml"));

    [Test]
    public void Read_FullExample_ReadsEveryKeyWithoutDiagnostics()
    {
        var (config, diagnostics) = Full();

        Assert.That(diagnostics, Is.Empty);
        var g = config.Global;
        Assert.That(g.RouterId, Is.EqualTo("lb1"));
        Assert.That(g.VrrpVersion, Is.EqualTo(3));
        Assert.That(g.McastGroup4, Is.EqualTo(IPAddress.Parse("224.0.0.19")));
        Assert.That(g.Strict && g.V3ChecksumAsV2 && g.EnableScriptSecurity, Is.True);
        Assert.That(g.ScriptTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(1500)));
        Assert.That(g.NotificationEmail, Is.EqualTo(new[] { "ops@example.com", "noc@example.com" }));
        Assert.That(g.SmtpPort, Is.EqualTo(2525));
        Assert.That(g.Garp.Interval, Is.EqualTo(TimeSpan.FromMilliseconds(10)));
        Assert.That(config.PluginFolders, Is.EqualTo(new[] { "/opt/haapp/plugins", "./more-plugins" }));

        var vi1 = config.Instances.Single(i => i.Name == "VI_1");
        Assert.That(vi1.State, Is.EqualTo(InitialState.Master));
        Assert.That(vi1.Preempt, Is.False, "nopreempt: true");
        Assert.That(vi1.AdvertInterval, Is.EqualTo(TimeSpan.FromMilliseconds(250)));
        Assert.That(vi1.UnicastPeers, Has.Count.EqualTo(2));
        Assert.That(vi1.VirtualAddresses.Select(v => v.ToString()), Is.EqualTo(new[] { "192.0.2.100/24", "192.0.2.101/32", "192.0.2.102/32" }));
        Assert.That(vi1.VirtualAddresses[0].Device, Is.EqualTo("eth0"));
        Assert.That(vi1.VirtualAddresses[0].Label, Is.EqualTo("eth0:vip"));
        Assert.That(vi1.VirtualAddresses[0].Broadcast, Is.EqualTo(IPAddress.Parse("192.0.2.255")));
        Assert.That(vi1.VirtualAddresses[2].Label, Is.EqualTo("eth0:two"));
        Assert.That(vi1.ExcludedAddresses.Single().PrefixLength, Is.EqualTo(64));
        Assert.That(vi1.TrackChecks[1].Name, Is.EqualTo("chk_http"));
        Assert.That(vi1.TrackChecks[1].Weight, Is.EqualTo(-30));
        Assert.That(vi1.TrackChecks[1].Reverse, Is.True);
        Assert.That(vi1.TrackInterfaces.Select(t => t.Name), Is.EqualTo(new[] { "eth1", "eth2" }));
        Assert.That(vi1.Notify.Master, Is.EqualTo("/etc/haapp/notify.sh master"));
        Assert.That(vi1.Notify.Any, Is.EqualTo("/etc/haapp/notify.sh"));
        Assert.That(vi1.Notifiers, Is.EqualTo(new[] { "ops_mail", "hook" }));
        Assert.That(vi1.Garp!.MasterDelay, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(config.Instances.Single(i => i.Name == "VI_6").AdvertInterval, Is.EqualTo(TimeSpan.FromSeconds(1)), "a plain number is seconds");
        Assert.That(config.Instances.Single(i => i.Name == "VI_2").AuthType, Is.EqualTo("PASS"));
        Assert.That(config.SyncGroups.Single().Instances, Is.EqualTo(new[] { "VI_1", "VI_2" }));
    }

    [Test]
    public void Read_CheckWithPluginSettings_FlattensEverythingButTrackerKeys()
    {
        var (config, _) = Full();
        var http = config.Checks.Single(c => c.Name == "chk_http");

        Assert.That(http.Type, Is.EqualTo("http"));
        Assert.That(http.Interval, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(http.Settings.Values, Does.Not.ContainKey("type").And.Not.ContainKey("interval"));
        Assert.That(http.Settings.Values["url"], Is.EqualTo("http://127.0.0.1:8080/health"));
        Assert.That(http.Settings.Values["expect_status:0"], Is.EqualTo("200"));
        Assert.That(http.Settings.Values["expect_status:1"], Is.EqualTo("204"));
        Assert.That(http.Settings.Values["headers:X-Token"], Is.EqualTo("abc: def"));
        Assert.That(http.Settings.Values["empty"], Is.Null);
        Assert.That(http.Settings.Locations["headers:Host"], Is.EqualTo(new SourceLocation(Path.Combine(TestPaths.ConfigData, "good", "full.yaml"), 52, 13)));
    }

    [Test]
    public void ReadText_Values_RecordLineAndColumnOfEachValue()
    {
        var (config, _) = YamlConfigReader.ReadText("instances:\n  VI_1:\n    interface: eth0\n    priority:   42\n    unicast_peer: [10.0.0.1, 10.0.0.2]\n", "x.yaml");
        var i = config.Instances.Single();

        Assert.That(i.Location, Is.EqualTo(new SourceLocation("x.yaml", 2, 3)));
        Assert.That(i.Where("priority"), Is.EqualTo(new SourceLocation("x.yaml", 4, 17)));
        Assert.That(i.WhereItem("unicast_peer", 1), Is.EqualTo(new SourceLocation("x.yaml", 5, 30)));
    }

    [Test]
    public void ReadText_WrongTypes_ReportsEachWithKeyAndValue()
    {
        var text = "global:\n  smtp_port: many\n  vrrp_strict: perhaps\n  script_timeout: soon\n  vrrp_mcast_group4: 1.2.3\n";
        var (_, diagnostics) = YamlConfigReader.ReadText(text, "t.yaml");

        Assert.That(diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "t.yaml:2:14: error: 'smtp_port' is 'many'; expected a whole number",
            "t.yaml:3:16: error: 'vrrp_strict' is 'perhaps'; expected true or false",
            $"t.yaml:4:19: error: 'script_timeout' is 'soon'; expected a duration: {Duration.Allowed}",
            "t.yaml:5:22: error: 'vrrp_mcast_group4' is '1.2.3'; expected an IPv4 or IPv6 address",
        }));
    }

    [Test]
    public void ReadText_SectionOfWrongShape_ReportsMappingExpected()
    {
        var (_, diagnostics) = YamlConfigReader.ReadText("instances: [VI_1]\n", "t.yaml");

        Assert.That(diagnostics.Single().ToString(), Is.EqualTo("t.yaml:1:12: error: instances must be a mapping (key: value lines), got a list"));
    }

    [Test]
    public void ReadText_VipWithUnknownOption_SuggestsKnownOption()
    {
        var (_, diagnostics) = YamlConfigReader.ReadText("instances:\n  VI_1:\n    virtual_ipaddress:\n      - 192.0.2.1/24 lable x\n", "t.yaml");

        Assert.That(diagnostics.Single().Message, Does.StartWith("'virtual_ipaddress' option 'lable' is unknown; did you mean 'label'?"));
    }

    [Test]
    public void ReadText_EmptyDocument_GivesEmptyModel()
    {
        var (config, diagnostics) = YamlConfigReader.ReadText("# nothing\n", "t.yaml");

        Assert.That(diagnostics, Is.Empty);
        Assert.That(config.Instances, Is.Empty);
    }

    [TestCase(200)]
    [TestCase(100_000)]
    public void ReadText_DeeplyNestedSettings_ReportsDepthInsteadOfCrashing(int depth)
    {
        // 100 000 levels overflowed the stack inside YamlDotNet's recursive node builder before the depth guard.
        var text = "checks:\n  c:\n    type: script\n    deep: " + new string('[', depth) + new string(']', depth) + "\n";
        var result = ConfigLoader.LoadYamlText(text, "t.yaml");

        Assert.That(result.Diagnostics.Single().ToString(), Is.EqualTo("t.yaml:4:72: error: YAML syntax: the document is nested more than 64 levels deep"));
    }

    [Test]
    public void ReadText_RandomBytes_NeverThrows()
    {
        var random = new Random(1234);
        for (var n = 0; n < 300; n++)
        {
            var chars = new char[random.Next(1, 200)];
            const string alphabet = "abc:- \n\t[]{}&*!|>'\"#%@`,?0123456789.";
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = alphabet[random.Next(alphabet.Length)];
            }

            Assert.DoesNotThrow(() => ConfigLoader.LoadYamlText(new string(chars), "fuzz.yaml"), new string(chars));
        }
    }
}
