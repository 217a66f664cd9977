using HaAppliance.Config;
using HaAppliance.Config.Yaml;

namespace HaAppliance.Config.Tests.Configuration;

/// <summary>A sync group's trackers and sync_group_tracking_weight in YAML, and the warning about ignored weights.</summary>
public sealed class SyncGroupConfigTests
{
    private const string Yaml =
        "checks:\n  chk_w:\n    type: script\n    command: /bin/true\n    weight: -20\n  chk_down:\n    type: script\n    command: /bin/true\n    weight: 0\n" +
        "instances:\n" +
        "  VI_1:\n    interface: eth0\n    virtual_router_id: 51\n    virtual_ipaddress: [\"192.0.2.1/24\"]\n    track_script: [chk_w, chk_down]\n" +
        "  VI_2:\n    interface: eth0\n    virtual_router_id: 52\n    virtual_ipaddress: [\"192.0.2.2/24\"]\n    track_interface:\n      - name: eth1\n        weight: -10\n" +
        "sync_groups:\n  G:\n    group: [VI_1, VI_2]\n    track_script: [chk_down]\n";

    private static IReadOnlyList<ConfigDiagnostic> Warnings(string yaml) =>
        [.. ConfigLoader.LoadYamlText(yaml, "sync.yaml").Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning)];

    [Test]
    public void Validate_WeightedTrackersOfMembers_AreNamedInAWarningAtTheirLine()
    {
        var warnings = Warnings(Yaml);

        Assert.That(warnings.Select(w => (w.Location.File, w.Location.Line)), Is.EqualTo(new[] { ("sync.yaml", 15), ("sync.yaml", 21) }));
        Assert.That(warnings[0].Message, Is.EqualTo(
            "instance 'VI_1' tracks 'chk_w' with weight -20, which is ignored because it is in sync group 'G' without 'sync_group_tracking_weight' (as keepalived does); only a failure of weight 0 counts, and faults the whole group"));
        Assert.That(warnings[1].Message, Does.StartWith("instance 'VI_2' tracks 'eth1' with weight -10, which is ignored"));
    }

    [Test]
    public void Validate_WithSyncGroupTrackingWeight_NoWarning() =>
        Assert.That(Warnings(Yaml + "    sync_group_tracking_weight: true\n"), Is.Empty);

    [Test]
    public void Validate_GroupTrackingAnUndefinedCheck_IsAnErrorAtItsLine()
    {
        var result = ConfigLoader.LoadYamlText(Yaml.Replace("track_script: [chk_down]\n", "track_script: [chk_dwn]\n", StringComparison.Ordinal), "sync.yaml");

        var error = result.Errors.Single();
        Assert.That(error.Message, Does.StartWith("sync group 'G' tracks check 'chk_dwn', which is not defined under 'checks'; did you mean 'chk_down'?"));
        Assert.That(error.Location.Line, Is.EqualTo(26));
    }

    [Test]
    public void ReadAndWrite_GroupTrackersAndTrackingWeight_RoundTrip()
    {
        var config = ConfigLoader.LoadYamlText(Yaml + "    sync_group_tracking_weight: true\n", "sync.yaml").Config!;
        var group = config.SyncGroups.Single();
        Assert.That(group.TrackChecks.Select(t => t.Name), Is.EqualTo(new[] { "chk_down" }));
        Assert.That(group.TrackingWeight, Is.True);

        var again = ConfigLoader.LoadYamlText(ConfigYamlWriter.Write(config), "again.yaml").Config!.SyncGroups.Single();
        Assert.That(again.TrackChecks.Select(t => t.Name), Is.EqualTo(new[] { "chk_down" }));
        Assert.That(again.TrackingWeight, Is.True);
    }
}
