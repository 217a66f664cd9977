using HaAppliance.Config;
using HaAppliance.Config.Reload;
using HaAppliance.Config.Yaml;

namespace HaAppliance.Config.Tests.Configuration.Reload;

public sealed class ReloadPlannerTests
{
    private const string Base = """
        checks:
          chk_nginx:
            type: script
            command: pgrep nginx
            weight: -20
        notifiers:
          hook:
            type: webhook
            url: http://127.0.0.1:9/a
        instances:
          VI_1:
            interface: eth0
            virtual_router_id: 51
            priority: 101
            advert_int: 1s
            virtual_ipaddress: [192.0.2.100/24, 192.0.2.101/24]
            track_script: [chk_nginx]
            notifiers: [hook]
          VI_2:
            interface: eth0
            virtual_router_id: 52
            virtual_ipaddress: [192.0.2.200/24]
        """;

    private static HaConfig Read(string yaml)
    {
        var (config, diagnostics) = YamlConfigReader.ReadText(yaml, "t.yaml");
        Assert.That(diagnostics, Is.Empty);
        return config;
    }

    private static ReloadPlan PlanChange(string from, string to) => ReloadPlanner.Plan(Read(Base), Read(Base.Replace(from, to, StringComparison.Ordinal)));

    [Test]
    public void Plan_SameConfig_EverythingUnchanged()
    {
        var plan = ReloadPlanner.Plan(Read(Base), Read(Base));

        Assert.That(plan.IsEmpty, Is.True);
        Assert.That(plan.Instances.Select(i => i.Kind), Is.All.EqualTo(InstanceChangeKind.Unchanged));
    }

    [Test]
    public void Plan_OnlyWhitespaceAndOrderOfKeys_Unchanged()
    {
        var reordered = Base.Replace("    priority: 101\n    advert_int: 1s\n", "    advert_int: 1\n    priority: 101\n", StringComparison.Ordinal);

        Assert.That(ReloadPlanner.Plan(Read(Base), Read(reordered)).IsEmpty, Is.True);
    }

    [Test]
    public void Plan_PriorityChanged_UpdateInPlaceNamingPriority()
    {
        var change = PlanChange("priority: 101", "priority: 90")["VI_1"]!;

        Assert.That(change.Kind, Is.EqualTo(InstanceChangeKind.UpdateInPlace));
        Assert.That(change.Changes, Is.EqualTo(new[] { "priority 101 -> 90" }));
    }

    [Test]
    public void Plan_VipsChanged_ListsAddedAndRemoved()
    {
        var change = PlanChange("[192.0.2.100/24, 192.0.2.101/24]", "[192.0.2.100/24, 192.0.2.102/24]")["VI_1"]!;

        Assert.That(change.Kind, Is.EqualTo(InstanceChangeKind.UpdateInPlace));
        Assert.That(change.VipsAdded.Select(v => v.ToString()), Is.EqualTo(new[] { "192.0.2.102/24" }));
        Assert.That(change.VipsRemoved.Select(v => v.ToString()), Is.EqualTo(new[] { "192.0.2.101/24" }));
    }

    [TestCase("advert_int: 1s", "advert_int: 2s", "advert_int 1s -> 2s")]
    [TestCase("priority: 101\n", "priority: 101\n    nopreempt: true\n", "preempt true -> false")]
    [TestCase("priority: 101\n", "priority: 101\n    preempt_delay: 5s\n", "preempt_delay 0s -> 5s")]
    [TestCase("track_script: [chk_nginx]", "track_script: [{name: chk_nginx, weight: -50}]", "checks added: chk_nginx weight -50")]
    [TestCase("notifiers: [hook]", "notifiers: []", "notifiers removed: hook")]
    [TestCase("    weight: -20", "    weight: -30", "check chk_nginx changed")]
    public void Plan_InPlaceChange_NamesWhatChanged(string from, string to, string expected)
    {
        var change = PlanChange(from, to)["VI_1"]!;

        Assert.That(change.Kind, Is.EqualTo(InstanceChangeKind.UpdateInPlace));
        Assert.That(change.Changes, Has.Member(expected));
    }

    [TestCase("virtual_router_id: 51", "virtual_router_id: 61", "virtual_router_id 51 -> 61")]
    [TestCase("priority: 101\n", "priority: 101\n    version: 3\n", "version 2 -> 3")]
    [TestCase("[192.0.2.100/24, 192.0.2.101/24]", "[\"2001:db8::1/64\"]\n    version: 3", "family IPv4 -> IPv6")]
    public void Plan_IdentityChange_Restart(string from, string to, string expected)
    {
        var change = PlanChange(from, to)["VI_1"]!;

        Assert.That(change.Kind, Is.EqualTo(InstanceChangeKind.Restart));
        Assert.That(change.Changes, Has.Member(expected));
    }

    [Test]
    public void Plan_InterfaceChanged_Restart()
    {
        var plan = PlanChange("    interface: eth0\n    virtual_router_id: 51", "    interface: eth1\n    virtual_router_id: 51");

        Assert.That(plan["VI_1"]!.Kind, Is.EqualTo(InstanceChangeKind.Restart));
        Assert.That(plan["VI_2"]!.Kind, Is.EqualTo(InstanceChangeKind.Unchanged));
    }

    [Test]
    public void Plan_GlobalDefaultVersionChanged_RestartsInstancesWithoutOwnVersion()
    {
        var plan = ReloadPlanner.Plan(Read(Base), Read("global:\n  vrrp_version: 3\n" + Base));

        Assert.That(plan.Instances.Select(i => i.Kind), Is.All.EqualTo(InstanceChangeKind.Restart));
    }

    [Test]
    public void Plan_InstanceAddedAndRemoved_Reported()
    {
        var plan = PlanChange("  VI_2:\n    interface: eth0\n    virtual_router_id: 52", "  VI_3:\n    interface: eth0\n    virtual_router_id: 53");

        Assert.That(plan["VI_3"]!.Kind, Is.EqualTo(InstanceChangeKind.Added));
        Assert.That(plan["VI_2"]!.Kind, Is.EqualTo(InstanceChangeKind.Removed));
        Assert.That(plan["VI_1"]!.Kind, Is.EqualTo(InstanceChangeKind.Unchanged));
    }

    [Test]
    public void Plan_NotifierSettingsChanged_IsGlobalChangeOnly()
    {
        var plan = PlanChange("url: http://127.0.0.1:9/a", "url: http://127.0.0.1:9/b");

        Assert.That(plan.GlobalChanges, Is.EqualTo(new[] { "notifier hook changed" }));
        Assert.That(plan.Instances.Select(i => i.Kind), Is.All.EqualTo(InstanceChangeKind.Unchanged));
    }
}
