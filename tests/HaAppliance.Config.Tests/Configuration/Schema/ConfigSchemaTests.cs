using HaAppliance.Config.Schema;
using HaAppliance.Config.Yaml;

namespace HaAppliance.Config.Tests.Configuration.Schema;

public sealed class ConfigSchemaTests
{
    private const string Base = """
        state: MASTER
        interface: eth0
        virtual_router_id: 51
        priority: 150
        virtual_ipaddress: [192.0.2.100/24]
        track_script: [chk_a]
        """;

    private static InstanceConfig Instance(string yaml)
    {
        var indented = string.Join("\n", yaml.Split('\n').Select(l => "    " + l));
        var (config, diagnostics) = YamlConfigReader.ReadText($"instances:\n  VI_1:\n{indented}\n", "t.yaml");
        Assert.That(diagnostics, Is.Empty, yaml);
        return config.Instances.Single();
    }

    [Test]
    public void Differences_SameInstance_Empty()
    {
        Assert.That(ConfigSchema.Instance.Differences(Instance(Base), Instance(Base)), Is.Empty);
    }

    [Test]
    public void Differences_PriorityAndVipsChanged_NamesThoseKeys()
    {
        var changed = Base.Replace("priority: 150", "priority: 120", StringComparison.Ordinal)
            .Replace("[192.0.2.100/24]", "[192.0.2.100/24, 192.0.2.101/24]", StringComparison.Ordinal);

        var keys = ConfigSchema.Instance.Differences(Instance(Base), Instance(changed));

        Assert.That(keys, Is.EqualTo(new[] { "priority", "virtual_ipaddress" }));
    }

    [Test]
    public void Differences_NestedAndScriptKeys_NameTheTopKey()
    {
        var changed = Base + "\nauthentication: {auth_type: PASS, auth_pass: secret}\nnotify_master: /bin/true\ngarp: {master_repeat: 3}\ntrack_script: [{name: chk_a, weight: -10}]";
        changed = changed.Replace("track_script: [chk_a]\n", "", StringComparison.Ordinal);

        var keys = ConfigSchema.Instance.Differences(Instance(Base), Instance(changed));

        Assert.That(keys, Is.EqualTo(new[] { "authentication", "track_script", "notify_master", "garp" }));
    }

    [Test]
    public void Differences_SameValueWrittenDifferently_Empty()
    {
        // nopreempt is preempt's keepalived spelling; 1000ms and a plain 1 are advert_int's default.
        var a = Instance(Base + "\npreempt: false\nadvert_int: 1000ms");
        var b = Instance(Base + "\nnopreempt: true\nadvert_int: 1");

        Assert.That(ConfigSchema.Instance.Differences(a, b), Is.Empty);
    }

    [Test]
    public void Differences_GlobalSection_NamesChangedKeys()
    {
        var a = new GlobalConfig();
        var b = new GlobalConfig { SmtpPort = 2525 };
        b.Garp.MasterRepeat = 1;
        b.NotificationEmail.Add("ops@example.com");

        Assert.That(ConfigSchema.Global.Differences(a, b), Is.EqualTo(new[] { "notification_email", "smtp_port", "garp" }));
    }

    [Test]
    public void Sections_EveryKey_HasDocumentationAndADefault()
    {
        var keys = ConfigSchema.Sections.SelectMany(s => s.DescribedKeys.Select(k => (Section: s.Name, Key: k))).ToList();

        Assert.That(keys.Where(k => k.Key.Doc.Length == 0 || k.Key.DefaultText.Length == 0).Select(k => $"{k.Section}.{k.Key.Name}"), Is.Empty);
        Assert.That(ConfigSchema.Sections.Select(s => s.Name), Is.Unique);
    }

    [Test]
    public void Read_UnknownInstanceKey_ListsTheSchemasKeys()
    {
        var (_, diagnostics) = YamlConfigReader.ReadText("instances:\n  VI_1:\n    interface: eth0\n    prio: 100\n", "t.yaml");

        Assert.That(diagnostics.Single().Message,
            Is.EqualTo($"unknown key 'prio' in instance 'VI_1'; did you mean 'priority'?; allowed: {string.Join(", ", ConfigSchema.Instance.KeyNames)}"));
    }

    [Test]
    public void Read_UnknownTopLevelKey_ListsTheSchemasSections()
    {
        var (_, diagnostics) = YamlConfigReader.ReadText("instance:\n  VI_1: {}\n", "t.yaml");

        Assert.That(diagnostics.Single().ToString(),
            Is.EqualTo($"t.yaml:1:1: error: unknown key 'instance' in the top level; did you mean 'instances'?; allowed: {string.Join(", ", ConfigSchema.TopLevel.KeyNames)}"));
    }

    [Test]
    public void Read_NotifierKeys_TypeIsTheSchemasAndTheRestThePlugins()
    {
        var (config, diagnostics) = YamlConfigReader.ReadText("notifiers:\n  ops:\n    type: email\n    to: [a@example.com]\n", "t.yaml");

        Assert.That(diagnostics, Is.Empty);
        var notifier = config.Notifiers.Single();
        Assert.That(notifier.Type, Is.EqualTo("email"));
        Assert.That(notifier.KeyLocations.Keys, Is.EqualTo(new[] { "type" }));
        Assert.That(notifier.Settings.Values.Keys, Is.EquivalentTo(new[] { "to:0" }));
    }

    [Test]
    public void Read_VipMapping_ReadThroughTheVipTable()
    {
        var inst = Instance("interface: eth0\nvirtual_ipaddress:\n  - {address: 192.0.2.7, dev: eth1, label: eth1:v, scope: link, broadcast: 192.0.2.255}");

        var vip = inst.VirtualAddresses.Single();
        Assert.That((vip.ToString(), vip.Device, vip.Label, vip.Scope, vip.Broadcast?.ToString()),
            Is.EqualTo(("192.0.2.7/32", "eth1", "eth1:v", "link", "192.0.2.255")));
        Assert.That(vip.KeyLocations.Keys, Is.EquivalentTo(ConfigSchema.Vip.KeyNames));
    }

    [TestCase("{address: 192.0.2.300/24}", "4:17: error: 'address' value '192.0.2.300/24' is not an IP address")]
    [TestCase("{dev: eth0}", "4:7: error: 'virtual_ipaddress' entry has no 'address'")]
    [TestCase("{address: 192.0.2.1, lable: x}", "4:28: error: unknown key 'lable' in virtual_ipaddress; did you mean 'label'?")]
    public void Read_BadVipMapping_ReportsWhereAndWhat(string entry, string expected)
    {
        var (config, diagnostics) = YamlConfigReader.ReadText($"instances:\n  VI_1:\n    virtual_ipaddress:\n    - {entry}\n", "t.yaml");

        Assert.That(diagnostics.Select(d => d.ToString()), Has.One.StartsWith("t.yaml:" + expected));
    }

    [Test]
    public void Write_EveryWrittenInstanceKey_ReadsBackToTheSameKey()
    {
        // An instance with every key away from its default: the writer writes each key, the reader reads it back.
        var full = Instance("""
            state: MASTER
            interface: eth0
            virtual_router_id: 51
            priority: 150
            advert_int: 2s
            version: 2
            preempt: false
            preempt_delay: 5s
            fast_preempt: true
            accept: false
            authentication: {auth_type: PASS, auth_pass: secret}
            mcast_src_ip: 192.0.2.1
            unicast_src_ip: 192.0.2.1
            unicast_peer: [192.0.2.2]
            unicast_ttl_check: false
            virtual_ipaddress: [192.0.2.100/24 dev eth0]
            virtual_ipaddress_excluded: [192.0.2.200/24]
            track_interface: [eth1]
            track_script: [{name: chk_a, weight: -10, reverse: true}]
            track_file: [/run/f]
            notify_master: /bin/m
            notify_backup: /bin/b
            notify_fault: /bin/f
            notify_stop: /bin/s
            notify: /bin/any
            notifiers: [mail]
            smtp_alert: true
            garp: {master_delay: 1s}
            vip_backend: ip
            v3_checksum_as_v2: true
            """);
        var config = new HaConfig();
        config.Instances.Add(full);

        var (copy, diagnostics) = YamlConfigReader.ReadText(ConfigYamlWriter.Write(config), "w.yaml");

        Assert.That(diagnostics, Is.Empty);
        var written = ConfigSchema.Instance.Keys.Where(k => k.IsWritten).Select(k => k.Name).ToList();
        Assert.That(written.Where(k => !copy.Instances[0].KeyLocations.ContainsKey(k)), Is.Empty, "every written key appears in the output");
        Assert.That(ConfigSchema.Instance.Differences(full, copy.Instances[0]), Is.Empty);
        Assert.That(ModelDump.Of(copy.Instances[0]), Is.EqualTo(ModelDump.Of(full)));
    }
}
