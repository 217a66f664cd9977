using HaAppliance.Config;
using HaAppliance.Config.Keepalived;

namespace HaAppliance.Config.Tests.Configuration.Keepalived;

/// <summary>Comments, quotes, $NAME definitions, @id conditionals and includes, through the public reader.</summary>
public sealed class KeepalivedPreprocessorTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateFolder()
    {
        _dir = Path.Combine(Path.GetTempPath(), "ha-kconf-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Instance(string name, int vrid, string extra = "") =>
        $"vrrp_instance {name} {{\n  interface eth0\n  virtual_router_id {vrid}\n{extra}  virtual_ipaddress {{\n    192.0.2.{vrid}\n  }}\n}}\n";

    private static (HaConfig Config, List<ConfigDiagnostic> Diagnostics) Text(string text, string? configId = null) =>
        KeepalivedConfigReader.ReadText(text, "/nonexistent/keepalived.conf", new KeepalivedReaderOptions { ConfigId = configId ?? "lb1" });

    private static List<ConfigDiagnostic> Errors(List<ConfigDiagnostic> d) => d.Where(x => x.Severity == DiagnosticSeverity.Error).ToList();

    [Test]
    public void Read_CommentsWithHashAndBang_AreIgnoredAnywhereOutsideQuotes()
    {
        var (config, diagnostics) = Text(
            "! header\n# header\nglobal_defs { # trailing\n  router_id R1 ! trailing\n  notification_email_from \"a#b!c@example.com\"\n}\n");

        Assert.That(diagnostics, Is.Empty, string.Join('\n', diagnostics));
        Assert.That(config.Global.RouterId, Is.EqualTo("R1"));
        Assert.That(config.Global.NotificationEmailFrom, Is.EqualTo("a#b!c@example.com"));
    }

    [Test]
    public void Read_QuotedNotifyScript_IsOneCommandLine()
    {
        var (config, diagnostics) = Text(Instance("VI", 5, "  notify \"/usr/local/bin/notify.sh --vip 192.0.2.5 'two words'\"\n"));

        Assert.That(diagnostics, Is.Empty, string.Join('\n', diagnostics));
        Assert.That(config.Instances[0].Notify.Any, Is.EqualTo("/usr/local/bin/notify.sh --vip 192.0.2.5 'two words'"));
    }

    [Test]
    public void Read_BracesOnOneLine_SplitLikeKeepalived()
    {
        var (config, diagnostics) = Text("vrrp_instance A { interface eth0; }\nvrrp_instance B\n{\n interface eth1\n virtual_router_id 7\n virtual_ipaddress { 192.0.2.7 }\n}\n");

        // "eth0;" is an interface name to keepalived too, then A lacks virtual_router_id.
        Assert.That(config.Instances.Select(i => i.Interface), Is.EqualTo(new[] { "eth0;", "eth1" }));
        Assert.That(config.Instances[1].VirtualAddresses.Single().ToString(), Is.EqualTo("192.0.2.7/32"));
        Assert.That(Errors(diagnostics).Select(d => d.Message), Is.EqualTo(new[] { "vrrp_instance A: virtual_router_id is required (1–255)" }));
    }

    [Test]
    public void Read_Definitions_SubstituteDollarNameAndBraces()
    {
        var (config, diagnostics) = Text("$IF=eth3\n$ID=77\n$OPTS=dev eth3 label eth3:1\n" +
                                         "vrrp_instance V {\n interface $IF\n virtual_router_id ${ID}\n virtual_ipaddress {\n  192.0.2.1/24 $OPTS\n }\n}\n");

        Assert.That(diagnostics, Is.Empty, string.Join('\n', diagnostics));
        var i = config.Instances.Single();
        Assert.Multiple(() =>
        {
            Assert.That(i.Interface, Is.EqualTo("eth3"));
            Assert.That(i.VirtualRouterId, Is.EqualTo(77));
            Assert.That(i.VirtualAddresses[0].Label, Is.EqualTo("eth3:1"));
            Assert.That(i.Where("virtual_router_id").Line, Is.EqualTo(6), "a substituted value keeps its line");
        });
    }

    [Test]
    public void Read_MultilineDefinition_ExpandsToSeveralLines()
    {
        var (config, diagnostics) = Text("$VIPS=192.0.2.1 \\\n  192.0.2.2/24 \\\n  192.0.2.3\n" + Instance("V", 9).Replace("    192.0.2.9\n", "    $VIPS\n", StringComparison.Ordinal));

        Assert.That(diagnostics, Is.Empty, string.Join('\n', diagnostics));
        Assert.That(config.Instances[0].VirtualAddresses.Select(v => v.ToString()), Is.EqualTo(new[] { "192.0.2.1/32", "192.0.2.2/24", "192.0.2.3/32" }));
    }

    [Test]
    public void Read_SelfReferencingDefinition_ReportsErrorInsteadOfLooping()
    {
        var (_, diagnostics) = Text("$A=$A x\nglobal_defs {\n router_id $A\n}\n");

        Assert.That(Errors(diagnostics).Single().Message, Does.Contain("expand more than"));
        Assert.That(Errors(diagnostics).Single().Location.Line, Is.EqualTo(3));
    }

    [Test]
    public void Read_UndefinedBracedName_WarnsAndKeepsText()
    {
        var (config, diagnostics) = Text("global_defs {\n router_id \"${NOPE}\"\n}\n");

        Assert.That(config.Global.RouterId, Is.EqualTo("${NOPE}"));
        Assert.That(diagnostics.Single().Message, Does.Contain("${NOPE} is not defined"));
    }

    [TestCase("lb1", 1)]
    [TestCase("lb2", 2)]
    [TestCase("other", 2)]
    public void Read_AtConditionals_KeepLinesForTheConfigId(string configId, int advertSeconds)
    {
        var (config, diagnostics) = KeepalivedConfigReader.Read(KeepalivedCorpus.File("good", "defs.conf"), new KeepalivedReaderOptions { ConfigId = configId });

        Assert.That(diagnostics, Is.Empty, string.Join('\n', diagnostics));
        var i = config.Instances.Single();
        Assert.Multiple(() =>
        {
            // @lb1/@lb2 set the priority before "priority ${PRIO}" (120) overrides it: the last one wins, as in keepalived.
            Assert.That(i.Priority, Is.EqualTo(120));
            Assert.That(i.AdvertInterval, Is.EqualTo(TimeSpan.FromSeconds(advertSeconds)), "@^lb1 applies everywhere but lb1");
            Assert.That(i.Notify.Master, configId == "lb1" ? Is.EqualTo("/etc/keepalived/master.sh eth0") : Is.Null);
            Assert.That(i.VirtualAddresses.Select(v => v.ToString()), Is.EqualTo(new[] { "192.0.2.50/32", "192.0.2.51/24", "192.0.2.52/24", "192.0.2.53/32" }));
            Assert.That(i.VirtualAddresses[2].Device, Is.EqualTo("eth1"));
        });
    }

    [Test]
    public void Read_AtConditional_SelectsPriorityPerNode()
    {
        const string text = "vrrp_instance V {\n interface eth0\n virtual_router_id 1\n@lb1 priority 200\n@lb2 priority 100\n virtual_ipaddress {\n  192.0.2.1\n }\n}\n";

        Assert.Multiple(() =>
        {
            Assert.That(Text(text, "lb1").Config.Instances[0].Priority, Is.EqualTo(200));
            Assert.That(Text(text, "lb2").Config.Instances[0].Priority, Is.EqualTo(100));
            Assert.That(Text(text, "lb3").Config.Instances[0].Priority, Is.Null);
        });
    }

    [Test]
    public void Read_IncludeCorpus_ReadsGlobbedFilesInOrderWithTheirLineNumbers()
    {
        var main = KeepalivedCorpus.File("include", "keepalived.conf");

        var (config, diagnostics) = KeepalivedConfigReader.Read(main);

        Assert.That(config.Instances.Select(i => i.Name), Is.EqualTo(new[] { "WEB", "DB" }), "conf.d/*.conf in sorted order; README.txt not read");
        Assert.That(config.Checks.Single().Name, Is.EqualTo("chk_web"));
        Assert.That(config.Global.RouterId, Is.EqualTo("INCLUDED"));
        Assert.That(config.Global.NotificationEmail, Is.EqualTo(new[] { "noc@example.com" }), "global_defs may be split over files");

        var db = KeepalivedCorpus.File("include", "conf.d", "20-db.conf");
        var expected = KeepalivedCorpus.ExpectationsIn(db).Single();
        var error = diagnostics.Single();
        Assert.Multiple(() =>
        {
            Assert.That(expected.Matches(error), Is.True, error.ToString());
            Assert.That(error.Location.Column, Is.EqualTo(14));
            Assert.That(config.Instances[1].Location.File, Is.EqualTo(db));
        });
    }

    [Test]
    public void Read_NestedRelativeIncludes_ResolveFromTheIncludingFile()
    {
        var main = Write("keepalived.conf", "include sub/first.conf\n");
        Write("sub/first.conf", "# one\ninclude deeper/second.conf\n");
        var second = Write("sub/deeper/second.conf", "\n\nvrrp_instance X {\n  interface eth0\n  virtual_router_id 999\n}\n");

        var (config, diagnostics) = KeepalivedConfigReader.Read(main);

        Assert.That(config.Instances.Single().Name, Is.EqualTo("X"));
        var error = Errors(diagnostics).Single();
        Assert.That(error.ToString(), Does.StartWith($"{second}:5:21: error: virtual_router_id '999' is out of range"));
    }

    [Test]
    public void Read_IncludeMissingFile_IsErrorAtTheIncludeLine()
    {
        var main = Write("keepalived.conf", "global_defs {\n router_id A\n}\ninclude missing.conf\ninclude none/*.conf\n");

        var (_, diagnostics) = KeepalivedConfigReader.Read(main);

        Assert.That(diagnostics.Select(d => (d.Severity, d.Location.Line)),
            Is.EqualTo(new[] { (DiagnosticSeverity.Error, 4), (DiagnosticSeverity.Warning, 5) }));
        Assert.That(diagnostics[0].Message, Does.Contain("missing.conf"));
    }

    [Test]
    public void Read_IncludeLoop_IsReportedNotFollowedForever()
    {
        var main = Write("keepalived.conf", "include other.conf\n");
        Write("other.conf", "include keepalived.conf\n" + Instance("L", 3));

        var (config, diagnostics) = KeepalivedConfigReader.Read(main);

        Assert.That(config.Instances.Single().Name, Is.EqualTo("L"));
        Assert.That(Errors(diagnostics).Single().Message, Does.Contain("include loop"));
    }

    [Test]
    public void Read_DefinitionUsedInInclude_IncludesTheNamedFile()
    {
        var main = Write("keepalived.conf", "$SITE=paris\ninclude sites/${SITE}.conf\n");
        Write("sites/paris.conf", Instance("PARIS", 4));
        Write("sites/rome.conf", Instance("ROME", 5));

        var (config, diagnostics) = KeepalivedConfigReader.Read(main);

        Assert.That(diagnostics, Is.Empty, string.Join('\n', diagnostics));
        Assert.That(config.Instances.Single().Name, Is.EqualTo("PARIS"));
    }

    [Test]
    public void Read_MissingMainFile_ReturnsErrorWithoutThrowing()
    {
        var (config, diagnostics) = KeepalivedConfigReader.Read(Path.Combine(_dir, "absent.conf"));

        Assert.That(config.Instances, Is.Empty);
        Assert.That(diagnostics.Single().Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(diagnostics.Single().Message, Does.Contain("absent.conf"));
    }

    [Test]
    public void Read_SingleQuotedNotifyScript_IsOneCommandLineAsInKeepalived()
    {
        var (config, diagnostics) = Text(Instance("VI", 5, "  notify_backup '/usr/local/bin/notify.sh BACKUP now' root\n"));

        Assert.That(config.Instances[0].Notify.Backup, Is.EqualTo("/usr/local/bin/notify.sh BACKUP now"));
        Assert.That(diagnostics.Single().Message, Does.StartWith("unsupported: per-script user 'root' on notify_backup"));
    }

    [Test]
    public void Read_IncludeInsideABlock_InsertsTheLinesThere()
    {
        var main = Write("keepalived.conf", "vrrp_instance V {\n  interface eth0\n  virtual_router_id 9\n  virtual_ipaddress {\n    include vips/*.txt\n  }\n}\n");
        Write("vips/a.txt", "192.0.2.1\n192.0.2.2/24 dev eth0\n");
        Write("vips/b.txt", "bogus\n");

        var (config, diagnostics) = KeepalivedConfigReader.Read(main);

        Assert.That(config.Instances[0].VirtualAddresses.Select(v => v.ToString()), Is.EqualTo(new[] { "192.0.2.1/32", "192.0.2.2/24" }));
        Assert.That(diagnostics.Single().ToString(), Does.StartWith(Path.Combine(_dir, "vips", "b.txt") + ":1:1: error: virtual address 'bogus'"));
    }
}
