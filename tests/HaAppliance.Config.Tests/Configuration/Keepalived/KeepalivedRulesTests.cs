using HaAppliance.Config;
using HaAppliance.Config.Keepalived;

namespace HaAppliance.Config.Tests.Configuration.Keepalived;

/// <summary>keepalived's defaults and cross-block rules, applied once the whole file is read.</summary>
public sealed class KeepalivedRulesTests
{
    private static (HaConfig Config, List<ConfigDiagnostic> Diagnostics) Read(string text) =>
        KeepalivedConfigReader.ReadText(text, "rules.conf", new KeepalivedReaderOptions { ConfigId = "lb1" });

    private static string Instance(string name, int vrid, string body, string vip = "192.0.2.1") =>
        $"vrrp_instance {name} {{\n interface eth0\n virtual_router_id {vrid}\n{body}\n virtual_ipaddress {{\n  {vip}\n }}\n}}\n";

    [Test]
    public void Read_NoPriorityNoState_BackupWithDefault100()
    {
        var i = Read(Instance("A", 1, "")).Config.Instances[0];

        Assert.That(i.Priority, Is.Null);
        Assert.That(i.State, Is.EqualTo(InitialState.Backup));
        Assert.That(i.EffectivePriority, Is.EqualTo(100));
        Assert.That(i.AdvertInterval, Is.EqualTo(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public void Read_StateMasterWithoutPriority_EffectivePriority255()
    {
        var i = Read(Instance("A", 1, " state MASTER")).Config.Instances[0];

        Assert.That(i.Priority, Is.Null);
        Assert.That(i.EffectivePriority, Is.EqualTo(255));
    }

    [Test]
    public void Read_Version2FractionalAdvertInt_RoundsToWholeSecondsWithWarning()
    {
        var (config, diagnostics) = Read(Instance("A", 1, " advert_int 1.6"));

        Assert.That(config.Instances[0].AdvertInterval, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(diagnostics.Single().Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(diagnostics.Single().Location.Line, Is.EqualTo(4));
    }

    [Test]
    public void Read_GlobalVersion3_AllowsCentisecondsAndCapsAt40_95()
    {
        var (config, diagnostics) = Read("global_defs {\n vrrp_version 3\n}\n" + Instance("A", 1, " advert_int 0.05") + Instance("B", 2, " advert_int 100"));

        Assert.That(config.Instances[0].AdvertInterval, Is.EqualTo(TimeSpan.FromMilliseconds(50)));
        Assert.That(config.Instances[1].AdvertInterval, Is.EqualTo(TimeSpan.FromMilliseconds(40950)));
        Assert.That(diagnostics.Single().Message, Does.Contain("40.95"));
    }

    [Test]
    public void Read_GarpAndGnaIntervalZero_DefaultWithWarningsOnly()
    {
        var (config, diagnostics) = Read("global_defs {\n vrrp_garp_interval 0\n vrrp_gna_interval 0.0\n}\n" + Instance("A", 1, ""));

        Assert.That(diagnostics.Select(d => d.Severity), Is.EqualTo(new[] { DiagnosticSeverity.Warning, DiagnosticSeverity.Warning }), string.Join('\n', diagnostics));
        Assert.That(diagnostics[0].Message, Does.Contain("no delay between gratuitous ARPs"));
        Assert.That(diagnostics.Select(d => d.Location.Line), Is.EqualTo(new[] { 2, 3 }));
        Assert.That(config.Global.Garp.Interval, Is.EqualTo(TimeSpan.Zero));
        Assert.That(config.Global.Garp.NaInterval, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void Read_NotificationEmailLocalUser_AcceptedWithoutDiagnostic()
    {
        var (config, diagnostics) = Read("global_defs {\n notification_email {\n  root\n  acassen\n  ops@example.com\n }\n}\n" + Instance("A", 1, ""));

        Assert.That(diagnostics, Is.Empty, string.Join('\n', diagnostics));
        Assert.That(config.Global.NotificationEmail, Is.EqualTo(new[] { "root", "acassen", "ops@example.com" }));
    }

    [Test]
    public void Read_NotificationEmailNoMailbox_WarnsAndKeepsIt()
    {
        var (config, diagnostics) = Read("global_defs {\n notification_email {\n  ops@@example.com\n }\n}\n" + Instance("A", 1, ""));

        Assert.That(diagnostics.Single().Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(diagnostics.Single().Message, Does.Contain("does not look like a mailbox"));
        Assert.That(config.Global.NotificationEmail, Is.EqualTo(new[] { "ops@@example.com" }));
    }

    [Test]
    public void Read_AuthPassLongerThan8Bytes_TruncatedByBytesAndNotShown()
    {
        var (config, diagnostics) = Read(Instance("A", 1, " authentication {\n  auth_type PASS\n  auth_pass pässwörter\n }"));

        Assert.That(config.Instances[0].AuthPass, Is.EqualTo("pässwö"));
        Assert.That(diagnostics.Single().Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(diagnostics.Single().Message, Does.Not.Contain("päss"));
    }

    [Test]
    public void Read_AuthPassWithExtraWordsOrOpenQuote_WordsNotShown()
    {
        var (_, diagnostics) = Read(Instance("A", 1, " authentication {\n  auth_type PASS\n  auth_pass secret1 secret2\n }") + "vrrp_script s {\n script \"/bin/true hunter2\n}\n");

        Assert.That(diagnostics, Is.Not.Empty);
        Assert.That(diagnostics.Select(d => d.Message), Has.None.Contains("secret").And.None.Contains("hunter2"));
    }

    [Test]
    public void Read_GlobalDefsAfterInstances_StillAppliesVersionAndGarp()
    {
        var (config, diagnostics) = Read(Instance("A", 1, " advert_int 0.5\n garp_master_repeat 2") + "global_defs {\n vrrp_version 3\n vrrp_garp_master_delay 9\n}\n");

        Assert.That(diagnostics, Is.Empty, string.Join('\n', diagnostics));
        Assert.That(config.Instances[0].AdvertInterval, Is.EqualTo(TimeSpan.FromMilliseconds(500)));
        Assert.That(config.Instances[0].Garp!.MasterDelay, Is.EqualTo(TimeSpan.FromSeconds(9)));
        Assert.That(config.Instances[0].Garp!.MasterRepeat, Is.EqualTo(2));
    }

    [Test]
    public void Read_ScriptWeightReverse_TrackWithoutWeightTakesWeightAndReverse()
    {
        var script = "vrrp_script chk_web {\n script /bin/true\n weight 10 reverse\n}\n";
        var (config, diagnostics) = Read(script + Instance("A", 1, " track_script {\n  chk_web\n }") + Instance("B", 2, " track_script {\n  chk_web weight -5\n }"));

        Assert.That(diagnostics, Is.Empty, string.Join('\n', diagnostics));
        Assert.That(config.Checks.Single().Reverse, Is.False, "the result is not inverted");
        Assert.That(config.Instances[0].TrackChecks.Select(t => (t.Weight, t.Reverse)), Is.EqualTo(new (int?, bool)[] { (10, true) }));
        Assert.That(config.Instances[1].TrackChecks.Select(t => (t.Weight, t.Reverse)), Is.EqualTo(new (int?, bool)[] { (-5, false) }), "a weight of its own wins");
    }

    [Test]
    public void Read_StartupDelayAndDelayAfterBoot_MappedToGlobal()
    {
        var (config, diagnostics) = Read("global_defs {\n vrrp_startup_delay 5.5\n vrrp_delay_after_boot 120\n}\n" + Instance("A", 1, ""));

        Assert.That(diagnostics, Is.Empty, string.Join('\n', diagnostics));
        Assert.That(config.Global.StartupDelay, Is.EqualTo(TimeSpan.FromSeconds(5.5)));
        Assert.That(config.Global.DelayAfterBoot, Is.EqualTo(TimeSpan.FromSeconds(120)));
    }

    [Test]
    public void Read_StartupDelayNotANumber_ErrorAtTheValue()
    {
        var (_, diagnostics) = Read("global_defs {\n vrrp_startup_delay soon\n}\n" + Instance("A", 1, ""));

        var error = diagnostics.Single(d => d.Severity == DiagnosticSeverity.Error);
        Assert.That(error.Message, Does.Contain("vrrp_startup_delay").And.Contain("soon"));
        Assert.That(error.Location.Line, Is.EqualTo(2));
    }

    [Test]
    public void Read_UnicastPeers_TtlNotChecked_MulticastKeepsTheCheck()
    {
        var config = Read(Instance("A", 1, " unicast_peer {\n  192.0.2.7\n }") + Instance("B", 2, "")).Config;

        Assert.That(config.Instances[0].UnicastTtlCheck, Is.False, "keepalived never checks the TTL of unicast adverts");
        Assert.That(config.Instances[1].UnicastTtlCheck, Is.True);
    }

    [Test]
    public void Read_NoLowerPrioGarpSettings_LeftUnsetSoTheyFollowTheMasterValues()
    {
        var config = Read("global_defs {\n vrrp_garp_master_repeat 4\n}\n" + Instance("A", 1, "")).Config;

        Assert.That(config.Global.Garp.LowerPrioRepeat, Is.Null);
        Assert.That(config.Global.Garp.LowerPrioDelay, Is.Null);
        Assert.That(HaAppliance.Hosting.InstanceSpecBuilder.ToSchedule(config.Global.Garp).LowerPrioRepeat, Is.Null);
    }

    [Test]
    public void Read_AuthenticationWithVersion3_WarnsAndDropsIt()
    {
        var (config, diagnostics) = Read(Instance("A", 1, " version 3\n authentication {\n  auth_type PASS\n  auth_pass secret\n }"));

        Assert.That(config.Instances[0].AuthType, Is.Null);
        Assert.That(diagnostics.Single().Severity, Is.EqualTo(DiagnosticSeverity.Warning));
    }

    [Test]
    public void Read_LongAuthPass_TruncatedTo8WithWarning()
    {
        var (config, diagnostics) = Read(Instance("A", 1, " authentication {\n  auth_type PASS\n  auth_pass 0123456789\n }"));

        Assert.That(config.Instances[0].AuthPass, Is.EqualTo("01234567"));
        Assert.That(diagnostics.Single().Location.Line, Is.EqualTo(6));
    }

    [Test]
    public void Read_SameVridOnSameInterface_IsError()
    {
        var (_, diagnostics) = Read(Instance("A", 7, "") + Instance("B", 7, "", "192.0.2.2"));

        Assert.That(diagnostics.Single().Message, Does.Contain("virtual_router_id 7 is already used on eth0 by vrrp_instance A"));
        Assert.That(diagnostics.Single().Location.Line, Is.EqualTo(11));
    }

    [Test]
    public void Read_SameVridDifferentFamily_IsAllowed()
    {
        var (_, diagnostics) = Read(Instance("A", 7, "") + Instance("B", 7, "", "fe80::7"));

        Assert.That(diagnostics, Is.Empty, string.Join('\n', diagnostics));
    }

    [Test]
    public void Read_MixedFamiliesInVirtualIpaddress_IsError()
    {
        var (_, diagnostics) = Read("vrrp_instance A {\n interface eth0\n virtual_router_id 1\n virtual_ipaddress {\n  192.0.2.1\n  2001:db8::1\n }\n}\n");

        Assert.That(diagnostics.Single().Message, Does.Contain("mixes IPv4 and IPv6"));
    }

    [Test]
    public void Read_InstanceInTwoSyncGroups_IsError()
    {
        var (config, diagnostics) = Read(Instance("A", 1, "") + "vrrp_sync_group G1 {\n group {\n  A\n }\n}\nvrrp_sync_group G2 {\n group { A }\n}\n");

        Assert.That(config.SyncGroups, Has.Count.EqualTo(2));
        Assert.That(diagnostics.Single().Message, Does.Contain("is in vrrp_sync_group G1 already"));
        Assert.That(diagnostics.Single().Location.Line, Is.EqualTo(15));
    }

    [Test]
    public void Read_TrackScriptNamingATrackFile_IsError()
    {
        var (_, diagnostics) = Read("track_file f {\n file /tmp/x\n}\n" + Instance("A", 1, " track_script {\n  f\n }"));

        Assert.That(diagnostics.Single().Message, Does.Contain("track_script 'f' names no vrrp_script"));
    }

    [Test]
    public void Read_GlobalSmtpAlert_AppliesToInstancesThatDoNotSetIt()
    {
        var (config, _) = Read("global_defs {\n smtp_alert\n}\n" + Instance("A", 1, "") + Instance("B", 2, " smtp_alert false", "192.0.2.2"));

        Assert.That(config.Instances.Select(i => i.SmtpAlert), Is.EqualTo(new bool?[] { true, false }));
    }

    [Test]
    public void Read_UnsupportedConstructs_AreListedInHaConfigUnsupported()
    {
        var (config, diagnostics) = Read("virtual_server 10.0.0.1 80 {\n real_server 10.0.0.2 80 {\n  weight 1\n }\n}\n" + Instance("A", 1, " use_vmac\n promote_secondaries"));

        Assert.That(config.Unsupported.Select(u => u.Location.Line), Is.EqualTo(new[] { 1, 9, 10 }));
        Assert.That(config.Unsupported, Is.SubsetOf(diagnostics));
        Assert.That(config.Unsupported.Select(u => u.Message), Has.All.StartWith("unsupported: "));
    }

    [Test]
    public void Read_ScriptWithUnquotedArguments_UsesFirstWordAsKeepalivedDoesAndWarns()
    {
        var (config, diagnostics) = Read("vrrp_script s {\n script /usr/bin/pgrep haproxy\n}\n");

        Assert.That(config.Checks[0].Settings.Values["command"], Is.EqualTo("/usr/bin/pgrep"));
        Assert.That(diagnostics.Single().Message, Does.Contain("extra words after 'script' ignored: haproxy"));
    }

    [TestCase(" state MASTER\n priority 200\n nopreempt", "nopreempt does not work with state MASTER", 6)]
    [TestCase(" state MASTER\n nopreempt", "nopreempt does not work with priority 255", 5)]
    [TestCase(" priority 255\n nopreempt", "nopreempt does not work with priority 255", 5)]
    public void Read_NopreemptWhereItCannotWork_WarnsAndPreempts(string body, string message, int line)
    {
        var (config, diagnostics) = Read(Instance("A", 1, body));

        Assert.That(config.Instances[0].Preempt, Is.True);
        Assert.That(diagnostics.Single().Message, Does.Contain(message));
        Assert.That(diagnostics.Single().Location.Line, Is.EqualTo(line));
    }

    [TestCase(" state MASTER\n preempt_delay 10", "state MASTER")]
    [TestCase(" nopreempt\n preempt_delay 10", "with nopreempt")]
    public void Read_PreemptDelayWhereItCannotWork_WarnsAndClearsIt(string body, string message)
    {
        var (config, diagnostics) = Read(Instance("A", 1, body));

        Assert.That(config.Instances[0].PreemptDelay, Is.EqualTo(TimeSpan.Zero));
        Assert.That(diagnostics.Single().Message, Does.Contain(message));
    }

    [Test]
    public void Read_PreemptDelayOnBackup_IsKept()
    {
        var (config, diagnostics) = Read(Instance("A", 1, " state BACKUP\n preempt_delay 2.5"));

        Assert.That(diagnostics, Is.Empty, string.Join('\n', diagnostics));
        Assert.That(config.Instances[0].PreemptDelay, Is.EqualTo(TimeSpan.FromSeconds(2.5)));
        Assert.That(config.Instances[0].Where("preempt_delay").Line, Is.EqualTo(5));
    }

    [Test]
    public void Read_ThousandsOfInstances_ReadWithoutDiagnostics()
    {
        var sb = new System.Text.StringBuilder();
        for (var n = 0; n < 4000; n++)
        {
            sb.Append($"vrrp_instance VI_{n} {{\n interface eth{n / 255}\n virtual_router_id {n % 255 + 1}\n priority {n % 254 + 1}\n")
              .Append($" virtual_ipaddress {{\n  10.{n / 256}.{n % 256}.1/24 dev eth0 label eth0:{n % 100}\n }}\n track_script {{\n  chk weight -5\n }}\n}}\n");
        }

        sb.Append("vrrp_script chk {\n script \"/bin/true\"\n}\n");
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var (config, diagnostics) = Read(sb.ToString());
        stopwatch.Stop();
        TestContext.Out.WriteLine($"4000 instances ({sb.Length / 1024} KiB) read in {stopwatch.ElapsedMilliseconds} ms");

        Assert.That(diagnostics, Is.Empty, string.Join('\n', diagnostics.Take(5)));
        Assert.That(config.Instances, Has.Count.EqualTo(4000));
    }

    private const string Strict = "global_defs {\n vrrp_strict\n}\n";

    [Test]
    public void Read_Strict_AcceptDefaultsOffExceptForTheOwner()
    {
        var (config, diagnostics) = Read(Strict + Instance("A", 1, " priority 100") + Instance("B", 2, " priority 255", "192.0.2.2"));

        Assert.That(diagnostics, Is.Empty, string.Join('\n', diagnostics));
        Assert.That(config.Instances.Select(i => i.Accept), Is.EqualTo(new[] { false, true }));
    }

    [Test]
    public void Read_NotStrict_AcceptDefaultsOn()
    {
        var (config, _) = Read(Instance("A", 1, " priority 100"));

        Assert.That(config.Instances[0].Accept, Is.True);
    }

    [Test]
    public void Read_StrictWithUnicastPeer_IsError()
    {
        var (_, diagnostics) = Read(Strict + Instance("A", 1, " unicast_peer {\n  192.0.2.9\n }"));

        Assert.That(diagnostics.Single().Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(diagnostics.Single().Message, Does.Contain("not allowed with vrrp_strict"));
    }

    [Test]
    public void Read_StrictMasterThatIsNotOwner_WarnsAndStartsAsBackup()
    {
        var (config, diagnostics) = Read(Strict + Instance("A", 1, " state MASTER\n priority 200\n authentication {\n  auth_type PASS\n  auth_pass x\n }"));

        Assert.That(config.Instances[0].State, Is.EqualTo(InitialState.Backup));
        Assert.That(config.Instances[0].AuthType, Is.Null);
        Assert.That(diagnostics.Select(d => d.Severity), Is.All.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(diagnostics, Has.Count.EqualTo(2));
    }

    [Test]
    public void Read_Version3WithoutVirtualAddress_IsError()
    {
        var (_, v3) = Read("vrrp_instance A {\n interface eth0\n virtual_router_id 1\n version 3\n}\n");
        var (_, v2) = Read("vrrp_instance A {\n interface eth0\n virtual_router_id 1\n}\n");

        Assert.That(v3.Single().Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(v2.Single().Severity, Is.EqualTo(DiagnosticSeverity.Warning));
    }

    [Test]
    public void Read_FirstIpv6AddressNotLinkLocal_WarnsOrFailsWhenStrict()
    {
        var (_, relaxed) = Read(Instance("A", 1, "", "2001:db8::1"));
        var (_, strict) = Read(Strict + Instance("A", 1, "", "2001:db8::1"));

        Assert.That(relaxed.Single().Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(strict.Single().Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(strict.Single().Location.Line, Is.EqualTo(9));
    }
}
