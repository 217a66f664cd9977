using HaAppliance.Config;

namespace HaAppliance.Cli.Tests;

/// <summary>
/// <c>haapp convert</c> round trip: keepalived.conf → YAML → the loader gives the same model as reading the
/// keepalived file directly, and <c>haapp check</c> accepts the YAML.
/// </summary>
public sealed class ConvertCommandTests
{
    private static readonly string[] Corpus =
    [
        "tests/testdata/vrrp/keepalived-2.2.7.conf",
        "tests/testdata/config/keepalived/good/full.conf",
        "tests/testdata/config/keepalived/good/defs.conf",
    ];

    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("haapp-convert-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [TestCaseSource(nameof(Corpus))]
    public void Convert_KeepalivedCorpus_YamlLoadsToTheSameModel(string relative)
    {
        var source = CheckTestSupport.Repo(relative.Split('/'));
        var direct = ConfigLoader.Load(source);
        Assert.That(direct.Ok, Is.True, string.Join("\n", direct.Diagnostics));
        var yamlPath = Path.Combine(_dir, "out.yaml");

        var (exit, stdout, stderr) = CheckTestSupport.Run("convert", source, "-o", yamlPath);

        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stdout, Is.Empty, "with -o the YAML goes to the file only");
        Assert.That(stderr, Does.Contain($"converted to {yamlPath}"));
        var converted = ConfigLoader.Load(yamlPath);
        Assert.That(converted.Ok, Is.True, string.Join("\n", converted.Diagnostics) + "\n" + File.ReadAllText(yamlPath));
        // What the model itself warns about (weights ignored in a sync group, as keepalived does) is warned about in
        // both forms; the conversion must add nothing of its own.
        var directMessages = direct.Diagnostics.Select(d => d.Message).ToHashSet(StringComparer.Ordinal);
        Assert.That(converted.Diagnostics.Where(d => !directMessages.Contains(d.Message)), Is.Empty, "the converted YAML should add no warning of its own");
        var expected = ConvertModelSnapshot.Of(direct.Config!);
        var actual = ConvertModelSnapshot.Of(converted.Config!);
        Assert.That(actual, Is.EqualTo(expected), () => Difference(expected, actual) + "\n--- YAML:\n" + File.ReadAllText(yamlPath));
    }

    [TestCaseSource(nameof(Corpus))]
    public void Convert_KeepalivedCorpus_CheckAcceptsTheYaml(string relative)
    {
        var source = CheckTestSupport.Repo(relative.Split('/'));
        var yamlPath = Path.Combine(_dir, "out.yaml");
        Assert.That(CheckTestSupport.Run("convert", source, "-o", yamlPath).Exit, Is.EqualTo(0));

        var (exit, stdout, stderr) = CheckTestSupport.Run("check", "-c", yamlPath);

        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stdout, Does.StartWith($"{yamlPath}: OK: "));
    }

    [Test]
    public void Convert_UnsupportedAndChangedValues_LoudSummaryOnStderrAndInHeader()
    {
        var source = Path.Combine(_dir, "keepalived.conf");
        File.WriteAllText(source, "global_defs {\n  enable_script_security\n  vrrp_garp_interval 0\n}\nvrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n  advert_int 1\n  use_vmac\n  virtual_ipaddress {\n    192.0.2.1\n  }\n}\n");
        var yamlPath = Path.Combine(_dir, "out.yaml");

        var (exit, _, stderr) = CheckTestSupport.Run("convert", source, "-o", yamlPath);

        Assert.That(exit, Is.EqualTo(0), stderr);
        var summary = stderr[stderr.IndexOf("will behave differently", StringComparison.Ordinal)..];
        Assert.That(summary, Does.Contain("keepalived.conf:9: unsupported: 'use_vmac'"));
        Assert.That(summary, Does.Contain("keepalived.conf:3: vrrp_garp_interval 0"));
        var yaml = File.ReadAllText(yamlPath);
        Assert.That(yaml, Does.Contain("# Not converted").And.Contain("use_vmac"));
        Assert.That(yaml, Does.Contain("# Converted with a change").And.Contain("vrrp_garp_interval 0"));
        Assert.That(yaml, Does.Contain("enable_script_security: true"));
        Assert.That(yaml, Does.Contain("advert_int: 1s"), "set explicitly in keepalived.conf, so kept though it is the default");
    }

    [Test]
    public void Convert_Keepalived227_ModelCarriesTheFileValues()
    {
        // Pins the values themselves, so a reader and writer that lost the same thing cannot agree on a wrong model.
        var yamlPath = Path.Combine(_dir, "out.yaml");
        Assert.That(CheckTestSupport.Run("convert", CheckTestSupport.Repo("tests", "testdata", "vrrp", "keepalived-2.2.7.conf"), "-o", yamlPath).Exit, Is.EqualTo(0));

        var config = ConfigLoader.Load(yamlPath).Config!;

        // keepalived does not split statements at ';': the router id is the first word, as keepalived reads it.
        Assert.That(config.Global.RouterId, Is.EqualTo("CAPTURE;"));
        Assert.That(config.Instances.Select(i => (i.Name, i.VirtualRouterId, i.EffectivePriority, i.Version ?? config.Global.VrrpVersion)),
            Is.EqualTo(new[] { ("V2_PASS", 42, 150, 2), ("V3_V4", 44, 120, 3), ("V3_V6", 46, 110, 3), ("V2_UNICAST", 48, 100, 2) }));
        Assert.That(config.Instances[1].AdvertInterval, Is.EqualTo(TimeSpan.FromMilliseconds(500)));
        Assert.That(config.Instances[0].AuthType, Is.EqualTo("PASS"));
        Assert.That(config.Instances[0].AuthPass, Is.EqualTo("s3cret"));
        Assert.That(config.Instances[0].VirtualAddresses.Select(v => v.ToString()), Is.EqualTo(new[] { "192.0.2.42/32", "192.0.2.43/32" }));
        Assert.That(config.Instances[2].VirtualAddresses.Select(v => v.ToString()), Is.EqualTo(new[] { "fe80::46/64", "2001:db8::46/64" }));
        Assert.That(config.Instances[3].UnicastSrcIp?.ToString(), Is.EqualTo("192.0.2.1"));
        Assert.That(config.Instances[3].UnicastPeers.Select(p => p.ToString()), Is.EqualTo(new[] { "192.0.2.2" }));
    }

    [Test]
    public void Convert_FullConf_KeepsChecksAndNotifyScripts()
    {
        var source = CheckTestSupport.Repo("tests", "testdata", "config", "keepalived", "good", "full.conf");
        var direct = ConfigLoader.Load(source).Config!;
        Assert.That(direct.Checks, Is.Not.Empty, "full.conf is meant to carry vrrp_script checks");
        Assert.That(direct.Instances.Any(i => !i.Notify.IsEmpty), Is.True, "full.conf is meant to carry notify scripts");
        var yamlPath = Path.Combine(_dir, "out.yaml");
        Assert.That(CheckTestSupport.Run("convert", source, "-o", yamlPath).Exit, Is.EqualTo(0));

        var converted = ConfigLoader.Load(yamlPath).Config!;

        Assert.That(converted.Checks.Select(c => (c.Name, c.Type, c.Interval, c.Rise, c.Fall, c.Weight)),
            Is.EqualTo(direct.Checks.Select(c => (c.Name, c.Type, c.Interval, c.Rise, c.Fall, c.Weight))));
        Assert.That(converted.Instances.Select(i => (i.Notify.Master, i.Notify.Backup, i.Notify.Fault, i.Notify.Stop, i.Notify.Any)),
            Is.EqualTo(direct.Instances.Select(i => (i.Notify.Master, i.Notify.Backup, i.Notify.Fault, i.Notify.Stop, i.Notify.Any))));
        Assert.That(converted.Instances.Select(i => string.Join(",", i.TrackChecks.Select(t => t.Name))),
            Is.EqualTo(direct.Instances.Select(i => string.Join(",", i.TrackChecks.Select(t => t.Name)))));
    }

    [Test]
    public void Convert_UnsupportedLines_ReportedOnceEachOnStderrWithFileAndLine()
    {
        var source = Path.Combine(_dir, "keepalived.conf");
        File.WriteAllText(source, """
            global_defs {
                router_id LB1
                enable_snmp_vrrp
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                priority 100
                use_vmac vrrp.51
                virtual_ipaddress {
                    192.0.2.1/24 dev eth0 nodad
                }
            }
            virtual_server 192.0.2.1 80 {
                delay_loop 6
            }
            """);
        var yamlPath = Path.Combine(_dir, "out.yaml");

        var (exit, _, stderr) = CheckTestSupport.Run("convert", source, "-o", yamlPath);

        Assert.That(exit, Is.EqualTo(0), stderr);
        var warnings = stderr.Split('\n').Where(l => l.Contains(": warning: unsupported:", StringComparison.Ordinal)).ToList();
        Assert.That(warnings, Has.Count.EqualTo(4), stderr);
        Assert.That(warnings, Is.Unique, "each unsupported line is reported once");
        Assert.That(warnings[0], Does.StartWith($"{source}:3:").And.Contain("'enable_snmp_vrrp'"));
        Assert.That(warnings[1], Does.StartWith($"{source}:9:").And.Contain("'use_vmac'"));
        Assert.That(warnings[2], Does.StartWith($"{source}:11:").And.Contain("'nodad'"));
        Assert.That(warnings[3], Does.StartWith($"{source}:14:").And.Contain("'virtual_server'"));
        Assert.That(ConfigLoader.Load(yamlPath).Config!.Instances.Single().VirtualAddresses.Select(v => v.ToString()), Is.EqualTo(new[] { "192.0.2.1/24" }));
        var comments = File.ReadAllLines(yamlPath).TakeWhile(l => l.StartsWith('#')).ToList();
        Assert.That(comments, Has.Count.EqualTo(6), "origin, heading, one line per dropped construct");
        Assert.That(comments[2], Does.StartWith("#   keepalived.conf:3: unsupported: 'enable_snmp_vrrp'"));
        Assert.That(comments[5], Does.StartWith("#   keepalived.conf:14: unsupported: 'virtual_server'"));
    }

    [Test]
    public void Convert_InvalidConfig_Exits1AndWritesNoFile()
    {
        var source = CheckTestSupport.Repo("tests", "testdata", "config", "keepalived", "bad", "values.conf");
        var yamlPath = Path.Combine(_dir, "out.yaml");

        var (exit, _, stderr) = CheckTestSupport.Run("convert", source, "-o", yamlPath);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain($"{source}:").And.Contain("not converted"));
        Assert.That(File.Exists(yamlPath), Is.False);
    }

    private static string Difference(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var missing = expected.Except(actual).Take(20);
        var extra = actual.Except(expected).Take(20);
        return "lost or changed by the round trip:\n  " + string.Join("\n  ", missing) + "\nappeared instead:\n  " + string.Join("\n  ", extra);
    }
}
