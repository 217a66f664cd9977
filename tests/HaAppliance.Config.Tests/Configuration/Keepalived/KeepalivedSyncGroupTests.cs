using HaAppliance.Config;
using HaAppliance.Config.Keepalived;

namespace HaAppliance.Config.Tests.Configuration.Keepalived;

/// <summary>vrrp_sync_group's trackers, sync_group_tracking_weight and global_tracking.</summary>
public sealed class KeepalivedSyncGroupTests
{
    private const string Members =
        "vrrp_script chk {\n script /bin/true\n}\n" +
        "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n virtual_ipaddress {\n  192.0.2.1\n }\n}\n" +
        "vrrp_instance VI_2 {\n interface eth0\n virtual_router_id 52\n virtual_ipaddress {\n  192.0.2.2\n }\n}\n";

    private static (HaConfig Config, List<ConfigDiagnostic> Diagnostics) Read(string groupBody) =>
        KeepalivedConfigReader.ReadText(Members + $"vrrp_sync_group G {{\n group {{\n  VI_1 VI_2\n }}\n{groupBody}\n}}\n", "sync.conf", new KeepalivedReaderOptions { ConfigId = "lb1" });

    [Test]
    public void Read_GroupTrackers_AreMappedWithTheirWeights()
    {
        var (config, diagnostics) = Read(" track_script {\n  chk weight -20\n }\n track_interface {\n  eth1\n }\n track_file {\n  f weight 5\n }");

        Assert.That(diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Message), Is.EqualTo(new[] { "vrrp_sync_group G: track_file 'f' names no track_file" }));
        var group = config.SyncGroups.Single();
        Assert.That(group.TrackChecks.Select(t => (t.Name, t.Weight)), Is.EqualTo(new[] { ("chk", (int?)-20) }));
        Assert.That(group.TrackInterfaces.Select(t => (t.Name, t.Weight)), Is.EqualTo(new[] { ("eth1", (int?)null) }));
        Assert.That(group.TrackFiles.Single().Location.Line, Is.EqualTo(29));
        Assert.That(group.TrackingWeight, Is.False);
    }

    [Test]
    public void Read_SyncGroupTrackingWeight_IsSetWithoutWarning()
    {
        var (config, diagnostics) = Read(" sync_group_tracking_weight");

        Assert.That(config.SyncGroups.Single().TrackingWeight, Is.True);
        Assert.That(diagnostics, Is.Empty);
    }

    [Test]
    public void Read_GlobalTracking_IsReadAsTrackingWeightWithADeprecationWarning()
    {
        var (config, diagnostics) = Read(" global_tracking");

        Assert.That(config.SyncGroups.Single().TrackingWeight, Is.True);
        var warning = diagnostics.Single();
        Assert.That(warning.Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(warning.Message, Does.Contain("global_tracking is deprecated; read as sync_group_tracking_weight"));
        Assert.That((warning.Location.File, warning.Location.Line), Is.EqualTo(("sync.conf", 22)));
    }

    [Test]
    public void Read_GroupTrackScriptNamingNoScript_IsErrorAtItsLine()
    {
        var (_, diagnostics) = Read(" track_script {\n  chk_missing\n }");

        var error = diagnostics.Single();
        Assert.That(error.Message, Does.StartWith("vrrp_sync_group G: track_script 'chk_missing' names no vrrp_script"));
        Assert.That(error.Location.Line, Is.EqualTo(23));
    }

    [Test]
    public void Read_GroupTrackBfd_IsStillAnError()
    {
        var (_, diagnostics) = Read(" track_bfd {\n  b\n }");

        Assert.That(diagnostics.Single().Severity, Is.EqualTo(DiagnosticSeverity.Error));
    }
}
