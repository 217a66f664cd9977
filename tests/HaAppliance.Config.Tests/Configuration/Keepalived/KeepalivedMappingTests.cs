using System.Net;
using HaAppliance.Config;
using HaAppliance.Config.Keepalived;

namespace HaAppliance.Config.Tests.Configuration.Keepalived;

/// <summary>good/full.conf, every keyword checked against the model field it maps to.</summary>
public sealed class KeepalivedMappingTests
{
    private HaConfig _config = null!;

    [OneTimeSetUp]
    public void ReadFullConf()
    {
        var (config, diagnostics) = KeepalivedConfigReader.Read(KeepalivedCorpus.File("good", "full.conf"));
        Assert.That(diagnostics, Is.Empty, string.Join('\n', diagnostics));
        _config = config;
    }

    private InstanceConfig Instance(string name) => _config.Instances.Single(i => i.Name == name);

    private CheckConfig Check(string name) => _config.Checks.Single(c => c.Name == name);

    [Test]
    public void Read_GlobalDefs_MapsEmailAndScriptSettings()
    {
        var g = _config.Global;
        Assert.Multiple(() =>
        {
            Assert.That(g.RouterId, Is.EqualTo("LB_EDGE_1"));
            Assert.That(g.NotificationEmail, Is.EqualTo(new[] { "ops@example.com", "oncall@example.com" }));
            Assert.That(g.NotificationEmailFrom, Is.EqualTo("lb1@example.com"));
            Assert.That(g.SmtpServer, Is.EqualTo("192.0.2.25"));
            Assert.That(g.SmtpPort, Is.EqualTo(2525));
            Assert.That(g.SmtpConnectTimeout, Is.EqualTo(TimeSpan.FromSeconds(12)));
            Assert.That(g.ScriptUser, Is.EqualTo("nobody"));
            Assert.That(g.ScriptGroup, Is.EqualTo("nogroup"));
            Assert.That(g.EnableScriptSecurity, Is.True);
            Assert.That(g.VrrpVersion, Is.EqualTo(2));
            Assert.That(g.McastGroup4, Is.EqualTo(IPAddress.Parse("224.0.0.19")));
            Assert.That(g.McastGroup6, Is.EqualTo(IPAddress.Parse("ff02::13")));
            Assert.That(g.NotifyFifo, Is.EqualTo("/run/keepalived.fifo"));
            Assert.That(g.Where("router_id").Line, Is.EqualTo(12));
        });
    }

    [Test]
    public void Read_GlobalGarp_MapsEveryGarpKeyword()
    {
        var garp = _config.Global.Garp;
        Assert.Multiple(() =>
        {
            Assert.That(garp.MasterDelay, Is.EqualTo(TimeSpan.FromSeconds(3)));
            Assert.That(garp.MasterRepeat, Is.EqualTo(4));
            Assert.That(garp.MasterRefresh, Is.EqualTo(TimeSpan.FromSeconds(60)));
            Assert.That(garp.MasterRefreshRepeat, Is.EqualTo(2));
            Assert.That(garp.Interval, Is.EqualTo(TimeSpan.FromMilliseconds(1)));
            Assert.That(garp.NaInterval, Is.EqualTo(TimeSpan.FromMilliseconds(2)));
            Assert.That(garp.LowerPrioDelay, Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That(garp.LowerPrioRepeat, Is.EqualTo(3));
        });
    }

    [Test]
    public void Read_InstanceGarpOverride_StartsFromGlobalValues()
    {
        var garp = Instance("VI_1").Garp;
        Assert.That(garp, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(garp!.MasterDelay, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(garp.MasterRepeat, Is.EqualTo(9));
            Assert.That(garp.MasterRefresh, Is.EqualTo(TimeSpan.FromSeconds(60)), "not overridden: the global value");
            Assert.That(_config.Global.Garp.MasterRepeat, Is.EqualTo(4), "the global value is untouched");
            Assert.That(Instance("VI_6").Garp, Is.Null);
        });
    }

    [Test]
    public void Read_VrrpScript_MapsToScriptCheck()
    {
        var c = Check("chk_haproxy");
        Assert.Multiple(() =>
        {
            Assert.That(c.Type, Is.EqualTo("script"));
            Assert.That(c.Settings.Values["command"], Is.EqualTo("/usr/bin/killall -0 haproxy"));
            Assert.That(c.Settings.Values["user"], Is.EqualTo("nobody"));
            Assert.That(c.Settings.Values["group"], Is.EqualTo("nogroup"));
            Assert.That(c.Interval, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(c.Timeout, Is.EqualTo(TimeSpan.FromSeconds(3)));
            Assert.That(c.Weight, Is.EqualTo(-20));
            Assert.That(c.Reverse, Is.False);
            Assert.That(c.Rise, Is.EqualTo(2));
            Assert.That(c.Fall, Is.EqualTo(3));
            Assert.That(c.InitiallyHealthy, Is.True);
            Assert.That(c.Settings.Locations["command"].Line, Is.EqualTo(30));
        });
    }

    [Test]
    public void Read_VrrpScriptWithInitFailAndNoTimeout_FailsInitiallyAndTimesOutAtInterval()
    {
        var c = Check("chk_reverse");
        Assert.Multiple(() =>
        {
            Assert.That(c.Settings.Values["command"], Is.EqualTo("/usr/local/bin/maintenance.sh"));
            Assert.That(c.Weight, Is.EqualTo(10));
            Assert.That(c.Reverse, Is.False, "'weight 10 reverse' reverses the weight for the tracking instances, not the result");
            Assert.That(c.InitiallyHealthy, Is.False);
            Assert.That(c.Timeout, Is.EqualTo(c.Interval));
            Assert.That(c.Settings.Values.ContainsKey("user"), Is.False);
        });
    }

    [Test]
    public void Read_TrackProcess_MapsToProcessCheck()
    {
        var nginx = Check("track_nginx");
        var java = Check("track_java");
        Assert.Multiple(() =>
        {
            Assert.That(nginx.Type, Is.EqualTo("process"));
            Assert.That(nginx.Settings.Values["process"], Is.EqualTo("nginx"));
            Assert.That(nginx.Settings.Values["quorum"], Is.EqualTo("2"));
            Assert.That(nginx.Settings.Values["quorum_max"], Is.EqualTo("4"));
            Assert.That(nginx.Settings.Values["terminate_delay"], Is.EqualTo("1.5"));
            Assert.That(nginx.Settings.Values["fork_delay"], Is.EqualTo("1.5"));
            Assert.That(nginx.Settings.Values.ContainsKey("full_command"), Is.False);
            Assert.That(nginx.Weight, Is.EqualTo(5));

            Assert.That(java.Settings.Values["process"], Is.EqualTo("/usr/bin/java"));
            Assert.That(java.Settings.Values["parameters"], Is.EqualTo("-jar app.jar"));
            Assert.That(java.Settings.Values["param_match"], Is.EqualTo("partial"));
            Assert.That(java.Settings.Values["full_command"], Is.EqualTo("true"));
            Assert.That(java.Settings.Values["fork_delay"], Is.EqualTo("0.25"));
            Assert.That(java.Settings.Values.ContainsKey("terminate_delay"), Is.False);
            Assert.That(java.Weight, Is.Zero);
        });
    }

    [Test]
    public void Read_TrackFile_MapsToFileCheck()
    {
        var c = Check("maintenance");
        Assert.Multiple(() =>
        {
            Assert.That(c.Type, Is.EqualTo("file"));
            Assert.That(c.Settings.Values["path"], Is.EqualTo("/var/run/keepalived/maintenance"));
            Assert.That(c.Settings.Values["init_value"], Is.EqualTo("5"));
            Assert.That(c.Settings.Values["init_file_overwrite"], Is.EqualTo("true"));
            Assert.That(c.Weight, Is.EqualTo(-10));
            Assert.That(c.Reverse, Is.True);
        });
    }

    [Test]
    public void Read_Instance_MapsProtocolSettings()
    {
        var i = Instance("VI_1");
        Assert.Multiple(() =>
        {
            Assert.That(i.State, Is.EqualTo(InitialState.Backup));
            Assert.That(i.Interface, Is.EqualTo("eth0"));
            Assert.That(i.VirtualRouterId, Is.EqualTo(51));
            Assert.That(i.Priority, Is.EqualTo(150));
            Assert.That(i.AdvertInterval, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(i.Version, Is.Null, "not written: the global default");
            Assert.That(i.Preempt, Is.False);
            Assert.That(i.AuthType, Is.EqualTo("PASS"));
            Assert.That(i.AuthPass, Is.EqualTo("1111"));
            Assert.That(i.McastSrcIp, Is.EqualTo(IPAddress.Parse("192.0.2.1")));
            Assert.That(i.Accept, Is.False);
            Assert.That(i.SmtpAlert, Is.True);
            Assert.That(i.Where("virtual_router_id").Line, Is.EqualTo(69));
            Assert.That(i.Where("virtual_router_id").Column, Is.EqualTo(23));
        });
    }

    [Test]
    public void Read_VirtualIpaddress_OneAddressPerLineWithOptions()
    {
        var vips = Instance("VI_1").VirtualAddresses;
        Assert.That(vips, Has.Count.EqualTo(4));
        Assert.Multiple(() =>
        {
            Assert.That(vips[0].ToString(), Is.EqualTo("192.0.2.100/32"), "default prefix /32");
            Assert.That(vips[0].Device, Is.Null);
            Assert.That(vips[1].ToString(), Is.EqualTo("192.0.2.101/24"));
            Assert.That(vips[1].Device, Is.EqualTo("eth1"));
            Assert.That(vips[1].Label, Is.EqualTo("eth1:vip"));
            Assert.That(vips[1].Scope, Is.EqualTo("global"));
            Assert.That(vips[2].Broadcast, Is.EqualTo(IPAddress.Parse("192.0.2.111")), "brd + is computed from /28");
            Assert.That(vips[3].Broadcast, Is.EqualTo(IPAddress.Parse("192.0.2.255")));
            Assert.That(vips[3].Location.Line, Is.EqualTo(82));
        });

        var excluded = Instance("VI_1").ExcludedAddresses;
        Assert.That(excluded.Select(v => $"{v} {v.Device}"), Is.EqualTo(new[] { "198.51.100.7/24 eth2" }));
    }

    [Test]
    public void Read_Trackers_MapWeightsAndReverse()
    {
        var i = Instance("VI_1");
        Assert.Multiple(() =>
        {
            Assert.That(i.TrackInterfaces.Select(t => (t.Name, t.Weight, t.Reverse)),
                Is.EqualTo(new (string, int?, bool)[] { ("eth0", null, false), ("eth1", -30, false), ("eth2", 10, true) }));
            Assert.That(i.TrackChecks.Select(t => (t.Name, t.Weight, t.Reverse)),
                Is.EqualTo(new (string, int?, bool)[] { ("chk_haproxy", null, false), ("chk_reverse", 15, false), ("track_nginx", -7, true), ("track_java", null, false) }));
            Assert.That(i.TrackFiles.Select(t => (t.Name, t.Weight)), Is.EqualTo(new (string, int?)[] { ("maintenance", 2) }));
        });
    }

    [Test]
    public void Read_NotifyScripts_QuotedCommandKeepsItsArguments()
    {
        var n = Instance("VI_1").Notify;
        Assert.Multiple(() =>
        {
            Assert.That(n.Master, Is.EqualTo("/etc/keepalived/notify.sh MASTER VI_1"));
            Assert.That(n.Backup, Is.EqualTo("/etc/keepalived/backup.sh"));
            Assert.That(n.Fault, Is.EqualTo("/etc/keepalived/notify.sh 'FAULT state' VI_1"));
            Assert.That(n.Stop, Is.EqualTo("/etc/keepalived/stop.sh"));
            Assert.That(n.Any, Is.EqualTo("/etc/keepalived/any.sh"));
        });
    }

    [Test]
    public void Read_Ipv6InstanceWithoutVersion_DeducesVersion3AndMasterFromPriority255()
    {
        var i = Instance("VI_6");
        Assert.Multiple(() =>
        {
            Assert.That(i.Version, Is.EqualTo(3));
            Assert.That(i.State, Is.EqualTo(InitialState.Master), "priority 255 without state: keepalived starts as MASTER");
            Assert.That(i.EffectivePriority, Is.EqualTo(255));
            Assert.That(i.AdvertInterval, Is.EqualTo(TimeSpan.FromMilliseconds(250)));
            Assert.That(i.Accept, Is.True);
            Assert.That(i.Preempt, Is.True);
            Assert.That(i.UnicastSrcIp, Is.EqualTo(IPAddress.Parse("2001:db8::1")));
            Assert.That(i.UnicastPeers, Is.EqualTo(new[] { IPAddress.Parse("2001:db8::2"), IPAddress.Parse("2001:db8::3") }));
            Assert.That(i.VirtualAddresses.Select(v => v.ToString()), Is.EqualTo(new[] { "fe80::61/64", "2001:db8:0:61::1/128" }));
            Assert.That(i.SmtpAlert, Is.Null);
        });
    }

    [Test]
    public void Read_SyncGroup_MapsMembersNotifyAndSmtpAlert()
    {
        var g = _config.SyncGroups.Single();
        Assert.Multiple(() =>
        {
            Assert.That(g.Name, Is.EqualTo("VG_1"));
            Assert.That(g.Instances, Is.EqualTo(new[] { "VI_1", "VI_6" }));
            Assert.That(g.Notify.Master, Is.EqualTo("/etc/keepalived/group.sh MASTER"));
            Assert.That(g.Notify.Fault, Is.EqualTo("/etc/keepalived/group-fault.sh"));
            Assert.That(g.SmtpAlert, Is.True);
            Assert.That(_config.Unsupported, Is.Empty);
        });
    }
}
