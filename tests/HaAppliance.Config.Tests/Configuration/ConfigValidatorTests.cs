using HaAppliance.Config;
using HaAppliance.Config.Validation;

namespace HaAppliance.Config.Tests.Configuration;

public sealed class ConfigValidatorTests
{
    private static IReadOnlyList<ConfigDiagnostic> Errors(string yaml, ConfigValidator? validator = null) =>
        [.. ConfigLoader.LoadYamlText(yaml, "t.yaml", validator).Errors];

    private static string Instance(string extra, string vip = "192.0.2.100/24") =>
        $"instances:\n  VI_1:\n    interface: eth0\n    virtual_router_id: 51\n    virtual_ipaddress: [\"{vip}\"]\n{extra}";

    [Test]
    public void Validate_DefaultConfig_HasNoErrors()
    {
        var result = ConfigLoader.Load(TestPaths.Repo("etc", "haapp.yaml"));

        Assert.That(result.Diagnostics, Is.Empty);
        Assert.That(result.Ok, Is.True);
    }

    [TestCase("10ms")]
    [TestCase("40.95s")]
    [TestCase("250ms")]
    public void Validate_V3IntervalInRange_Accepted(string interval) =>
        Assert.That(Errors(Instance($"    version: 3\n    advert_int: {interval}\n")), Is.Empty);

    [TestCase("5ms")]
    [TestCase("15ms")]
    [TestCase("41s")]
    public void Validate_V3IntervalOutOfRangeOrNotCentiseconds_Rejected(string interval) =>
        Assert.That(Errors(Instance($"    version: 3\n    advert_int: {interval}\n")).Single().Message,
            Does.StartWith($"'advert_int' is {interval}; VRRPv3 allows 10ms–40.95s"));

    [TestCase("0")]
    [TestCase("256")]
    [TestCase("1.5")]
    public void Validate_V2IntervalNotWholeSeconds1To255_Rejected(string interval) =>
        Assert.That(Errors(Instance($"    advert_int: {interval}\n")).Single().Message, Does.Contain("VRRPv2 allows whole seconds 1s–255s"));

    [TestCase("127.0.0.1:9650")]
    [TestCase("[::1]:9650")]
    [TestCase(":9650")]
    public void Validate_MetricsListenAddrPort_AcceptedAndRead(string listen)
    {
        var result = ConfigLoader.LoadYamlText($"global:\n  metrics_listen: \"{listen}\"\n" + Instance(""), "t.yaml", null);

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Config!.Global.MetricsListen, Is.EqualTo(listen));
    }

    [TestCase("127.0.0.1")]
    [TestCase("::1")]
    [TestCase("localhost:9650")]
    [TestCase("127.0.0.1:70000")]
    public void Validate_MetricsListenNotAddrPort_RejectedAtItsLine(string listen)
    {
        var error = Errors($"global:\n  metrics_listen: \"{listen}\"\n" + Instance("")).Single();

        Assert.That(error.Message, Does.StartWith($"'metrics_listen' is '{listen}'; expected ADDR:PORT"));
        Assert.That(error.Location.Line, Is.EqualTo(2));
    }

    [Test]
    public void Validate_GlobalVersion3_AppliesToInstancesWithoutVersion()
    {
        var errors = Errors("global:\n  vrrp_version: 3\n" + Instance("    advert_int: 100ms\n"));

        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void Validate_SameVridOtherFamilyOrInterface_Accepted()
    {
        var yaml = Instance("") +
                   "  VI_6:\n    interface: eth0\n    virtual_router_id: 51\n    version: 3\n    virtual_ipaddress: [\"2001:db8::1/64\"]\n" +
                   "  VI_X:\n    interface: eth1\n    virtual_router_id: 51\n    virtual_ipaddress: [192.0.2.1/24]\n";

        Assert.That(Errors(yaml), Is.Empty);
    }

    [Test]
    public void Validate_SourceAddressOfOtherFamily_Rejected()
    {
        var errors = Errors(Instance("    unicast_src_ip: \"2001:db8::1\"\n    mcast_src_ip: \"2001:db8::2\"\n"));

        Assert.That(errors.Select(e => e.Message), Has.Some.StartWith("'unicast_src_ip' 2001:db8::1 is IPv6 but instance 'VI_1' is IPv4"));
        Assert.That(errors.Select(e => e.Message), Has.Some.StartWith("'mcast_src_ip' 2001:db8::2 is IPv6"));
    }

    [Test]
    public void Validate_PrefixTooLong_Rejected() =>
        Assert.That(Errors(Instance("", "192.0.2.1/33")).Single().Message, Is.EqualTo("address 192.0.2.1/33 has prefix length 33; allowed: 0–32"));

    [Test]
    public void Validate_CheckRanges_ReportedAtTheirValues()
    {
        var errors = Errors("checks:\n  c:\n    type: script\n    rise: 0\n    fall: -1\n    weight: 300\n    interval: 0s\n");

        Assert.That(errors.Select(e => $"{e.Location.Line}:{e.Location.Column} {e.Message}"), Is.EquivalentTo(new[]
        {
            "4:11 'rise' is 0; allowed: 1–1000",
            "5:11 'fall' is -1; allowed: 1–1000",
            "6:13 'weight' is 300; allowed: -253–253",
            "7:15 'interval' is 0s; must be greater than 0",
        }));
    }

    [Test]
    public void Validate_CheckWithoutType_ListsKnownTypes() =>
        Assert.That(Errors("checks:\n  c:\n    command: x\n").Single().Message, Is.EqualTo("check 'c' has no 'type'; known types: file, http, process, script"));

    [Test]
    public void Validate_PluginTypesGivenByCaller_AreTheOnesAccepted()
    {
        var validator = new ConfigValidator(["dns"], ["sms"], ["ovs"]);
        var yaml = "global:\n  vip_backend: ovs\nchecks:\n  c:\n    type: dns\n  h:\n    type: http\nnotifiers:\n  n:\n    type: sms\n";

        var errors = Errors(yaml, validator);

        Assert.That(errors.Single().Message, Is.EqualTo("check 'h' has unknown type 'http'; known types: dns"));
    }

    [Test]
    public void Validate_InstanceInTwoSyncGroups_Rejected()
    {
        var yaml = Instance("") + "sync_groups:\n  A:\n    group: [VI_1]\n  B:\n    group: [VI_1]\n";

        Assert.That(Errors(yaml).Single().Message, Is.EqualTo("instance 'VI_1' is already in sync group 'A'; an instance can be in one sync group only"));
    }

    [Test]
    public void Validate_DuplicateNamesInModel_Rejected()
    {
        // YAML itself refuses duplicate keys; other readers (keepalived.conf) can produce duplicates.
        var config = new HaConfig();
        config.Checks.Add(new CheckConfig { Name = "c", Type = "script", Location = new SourceLocation("k.conf", 1, 1) });
        config.Checks.Add(new CheckConfig { Name = "c", Type = "script", Location = new SourceLocation("k.conf", 9, 1) });

        var errors = ConfigValidator.BuiltIn.Validate(config).Where(d => d.Severity == DiagnosticSeverity.Error);

        Assert.That(errors.Single().ToString(), Is.EqualTo("k.conf:9:1: error: check 'c' is defined twice (first at k.conf:1:1)"));
    }

    [Test]
    public void Validate_UnsupportedConstructsFromReader_AreReported()
    {
        var config = new HaConfig();
        config.Unsupported.Add(ConfigDiagnostic.Error(new SourceLocation("k.conf", 3, 5), "lvs_sync_daemon is not supported"));

        Assert.That(ConfigValidator.BuiltIn.Validate(config), Has.Some.Property("Message").EqualTo("lvs_sync_daemon is not supported"));
    }

    [Test]
    public void Validate_AuthPassLongerThan8_Warns()
    {
        var result = ConfigLoader.LoadYamlText(Instance("    authentication:\n      auth_type: PASS\n      auth_pass: 123456789\n"), "t.yaml");

        Assert.That(result.Ok, Is.True);
        Assert.That(result.Diagnostics.Single().Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(result.Diagnostics.Single().Message, Does.Contain("only the first 8 are sent"));
    }

    [Test]
    public void Validate_AuthPassLongerThan8_ModelHoldsFirst8BytesAndWarningHidesIt()
    {
        var result = ConfigLoader.LoadYamlText(Instance("    authentication:\n      auth_type: PASS\n      auth_pass: hunter2xyzzy\n"), "t.yaml");

        Assert.That(result.Config!.Instances.Single().AuthPass, Is.EqualTo("hunter2x"));
        var warning = result.Diagnostics.Single();
        Assert.That(warning.Message, Does.Contain("12 bytes"));
        Assert.That(warning.Message, Does.Not.Contain("hunter"));
    }

    [TestCase("ääääb", "ääää", false)]
    [TestCase("päss wörd", "päss w", true)]
    [TestCase("12345678", "12345678", false)]
    public void Truncate_Utf8Password_KeepsWholeCharactersWithin8Bytes(string password, string expected, bool split)
    {
        Assert.That(AuthPassword.Truncate(password, out var cut), Is.EqualTo(expected));
        Assert.That(cut, Is.EqualTo(split));
    }

    [Test]
    public void Load_AuthenticationGivenAsText_ErrorDoesNotShowIt()
    {
        var result = ConfigLoader.LoadYamlText(Instance("    authentication: hunter2xyzzy\n"), "t.yaml");

        Assert.That(result.Ok, Is.False);
        Assert.That(result.Diagnostics.Select(d => d.Message), Has.None.Contains("hunter"));
    }

    [Test]
    public void Validate_NoInstances_WarnsButIsOk()
    {
        var result = ConfigLoader.LoadYamlText("global:\n  router_id: x\n", "t.yaml");

        Assert.That(result.Ok, Is.True);
        Assert.That(result.Diagnostics.Single().ToString(), Does.StartWith("t.yaml:1:1: warning: no instances"));
    }
}
