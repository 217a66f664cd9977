using System.Net;
using HaAppliance.Abstractions;
using HaAppliance.Config.Yaml;
using HaAppliance.Kernel.Tests.Tracking;
using HaAppliance.Vrrp;

namespace HaAppliance.Kernel.Tests.Engine;

/// <summary>The one reload plan, from configurations as the daemon builds them into kernel specs.</summary>
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

    private static NodeSpec Node(string yaml)
    {
        var (config, diagnostics) = YamlConfigReader.ReadText(yaml, "t.yaml");
        Assert.That(diagnostics, Is.Empty);
        var (specs, errors) = InstanceSpecBuilder.Build(config, new AnyInterfaceResolver());
        Assert.That(errors, Is.Empty);
        // A new plugin object every time: the plan must compare settings, never objects.
        var checks = InstanceSpecBuilder.UsedChecks(config)
            .Select(c => InstanceSpecBuilder.ToTrackedCheck(c, new DelegateCheck((_, _) => Task.FromResult(new HealthResult(true)))))
            .ToList();
        var notifiers = config.Notifiers.ToDictionary(n => n.Name, n => InstanceSpecBuilder.Fingerprint(n.Type, n.Settings));
        return new NodeSpec(specs, checks, notifiers);
    }

    private static ReloadPlan PlanChange(string from, string to)
    {
        var changed = Base.Replace(from, to, StringComparison.Ordinal);
        Assert.That(changed, Is.Not.EqualTo(Base), "the test's replacement applies");
        return ReloadPlanner.Plan(Node(Base), Node(changed));
    }

    [Test]
    public void Plan_SameConfig_EverythingUnchanged()
    {
        var plan = ReloadPlanner.Plan(Node(Base), Node(Base));

        Assert.That(plan.IsEmpty, Is.True);
        Assert.That(plan.Instances.Select(i => i.Kind), Is.All.EqualTo(InstanceChangeKind.Unchanged));
        Assert.That(plan.Check("chk_nginx")!.Kind, Is.EqualTo(ItemChangeKind.Unchanged));
        Assert.That(plan.Notifier("hook")!.Kind, Is.EqualTo(ItemChangeKind.Unchanged));
    }

    [Test]
    public void Plan_OnlyWhitespaceAndOrderOfKeys_Unchanged()
    {
        var reordered = Base.Replace("    priority: 101\n    advert_int: 1s\n", "    advert_int: 1\n    priority: 101\n", StringComparison.Ordinal);

        Assert.That(ReloadPlanner.Plan(Node(Base), Node(reordered)).IsEmpty, Is.True);
    }

    [Test]
    public void Plan_PriorityChanged_InPlaceNamingPriority()
    {
        var change = PlanChange("priority: 101", "priority: 90")["VI_1"]!;

        Assert.That(change.Kind, Is.EqualTo(InstanceChangeKind.InPlace));
        Assert.That(change.Reasons, Is.EqualTo(new[] { "priority 101 -> 90" }));
    }

    [Test]
    public void Plan_VipsChanged_ListsAddedAndRemoved()
    {
        var change = PlanChange("[192.0.2.100/24, 192.0.2.101/24]", "[192.0.2.100/24, 192.0.2.102/24]")["VI_1"]!;

        Assert.That(change.Kind, Is.EqualTo(InstanceChangeKind.InPlace));
        Assert.That(change.Reasons, Is.EqualTo(new[] { "VIPs added: 192.0.2.102/24 dev eth0", "VIPs removed: 192.0.2.101/24 dev eth0" }));
    }

    [TestCase("advert_int: 1s", "advert_int: 2s", "advert_int 1s -> 2s")]
    [TestCase("priority: 101\n", "priority: 101\n    nopreempt: true\n", "preempt true -> false")]
    [TestCase("priority: 101\n", "priority: 101\n    preempt_delay: 5s\n", "preempt_delay 0s -> 5s")]
    [TestCase("track_script: [chk_nginx]", "track_script: [{name: chk_nginx, weight: -50}]", "track_script added: chk_nginx weight -50")]
    [TestCase("    weight: -20", "    weight: -30", "track_script added: chk_nginx weight -30")]
    public void Plan_InPlaceChange_NamesWhatChanged(string from, string to, string expected)
    {
        var change = PlanChange(from, to)["VI_1"]!;

        Assert.That(change.Kind, Is.EqualTo(InstanceChangeKind.InPlace));
        Assert.That(change.Reasons, Has.Member(expected));
    }

    [TestCase("virtual_router_id: 51", "virtual_router_id: 61", "virtual_router_id 51 -> 61")]
    [TestCase("priority: 101\n", "priority: 101\n    version: 3\n", "version 2 -> 3")]
    [TestCase("[192.0.2.100/24, 192.0.2.101/24]", "[\"2001:db8::1/64\"]\n    version: 3", "family IPv4 -> IPv6")]
    [TestCase("priority: 101\n", "priority: 101\n    unicast_peer: [192.0.2.2]\n", "unicast_peer 224.0.0.18 -> 192.0.2.2")]
    [TestCase("priority: 101\n", "priority: 101\n    vip_backend: ip\n", "vip_backend netlink -> ip")]
    [TestCase("priority: 101\n", "priority: 101\n    authentication: {auth_type: PASS, auth_pass: secret}\n", "authentication changed")]
    public void Plan_IdentityChange_Restart(string from, string to, string expected)
    {
        var change = PlanChange(from, to)["VI_1"]!;

        Assert.That(change.Kind, Is.EqualTo(InstanceChangeKind.Restart));
        Assert.That(change.Reasons, Has.Member(expected));
    }

    [Test]
    public void Plan_InterfaceChanged_Restart()
    {
        var plan = PlanChange("    interface: eth0\n    virtual_router_id: 51", "    interface: eth1\n    virtual_router_id: 51");

        Assert.That(plan["VI_1"]!.Kind, Is.EqualTo(InstanceChangeKind.Restart));
        Assert.That(plan["VI_1"]!.Reasons, Has.Member("interface eth0 -> eth1"));
        Assert.That(plan["VI_2"]!.Kind, Is.EqualTo(InstanceChangeKind.Unchanged));
    }

    [Test]
    public void Plan_GlobalDefaultVersionChanged_RestartsInstancesWithoutOwnVersion()
    {
        var plan = ReloadPlanner.Plan(Node(Base), Node("global:\n  vrrp_version: 3\n" + Base));

        Assert.That(plan.Instances.Select(i => i.Kind), Is.All.EqualTo(InstanceChangeKind.Restart));
    }

    [Test]
    public void Plan_InstanceAddedAndRemoved_Reported()
    {
        var plan = PlanChange("  VI_2:\n    interface: eth0\n    virtual_router_id: 52", "  VI_3:\n    interface: eth0\n    virtual_router_id: 53");

        Assert.That(plan["VI_3"]!.Kind, Is.EqualTo(InstanceChangeKind.Added));
        Assert.That(plan["VI_2"]!.Kind, Is.EqualTo(InstanceChangeKind.Removed));
        Assert.That(plan["VI_1"]!.Kind, Is.EqualTo(InstanceChangeKind.Unchanged));
        Assert.That(plan.Specs.Select(s => s.Name), Is.EqualTo(new[] { "VI_1", "VI_3" }));
    }

    [Test]
    public void Plan_NotifierSettingsChanged_NotifierChangedInstancesUnchanged()
    {
        var plan = PlanChange("url: http://127.0.0.1:9/a", "url: http://127.0.0.1:9/b");

        Assert.That(plan.Notifier("hook")!.Kind, Is.EqualTo(ItemChangeKind.Changed));
        Assert.That(plan.Instances.Select(i => i.Kind), Is.All.EqualTo(InstanceChangeKind.Unchanged));
        Assert.That(plan.Check("chk_nginx")!.Kind, Is.EqualTo(ItemChangeKind.Unchanged));
    }

    [Test]
    public void Plan_NotifierAddedAndRemoved_Reported()
    {
        var plan = PlanChange("  hook:\n    type: webhook", "  hook2:\n    type: webhook");

        Assert.That(plan.Notifier("hook2")!.Kind, Is.EqualTo(ItemChangeKind.Added));
        Assert.That(plan.Notifier("hook")!.Kind, Is.EqualTo(ItemChangeKind.Removed));
    }

    [Test]
    public void Plan_CheckCommandChanged_CheckChangedInstancesUnchanged()
    {
        var plan = PlanChange("command: pgrep nginx", "command: pgrep haproxy");

        Assert.That(plan.Check("chk_nginx")!.Kind, Is.EqualTo(ItemChangeKind.Changed));
        Assert.That(plan.Instances.Select(i => i.Kind), Is.All.EqualTo(InstanceChangeKind.Unchanged));
    }

    [Test]
    public void Plan_CheckNoLongerTracked_CheckRemovedInstanceInPlace()
    {
        var plan = PlanChange("    track_script: [chk_nginx]\n", "");

        Assert.That(plan.Check("chk_nginx")!.Kind, Is.EqualTo(ItemChangeKind.Removed));
        Assert.That(plan["VI_1"]!.Reasons, Has.Member("track_script removed: chk_nginx weight -20"));
    }

    /// <summary>Every interface exists: eth0 is index 2, eth1 index 3; the primary address is of the asked family.</summary>
    private sealed class AnyInterfaceResolver : IInterfaceResolver
    {
        public bool TryResolve(string name, IpFamily family, out int ifIndex, out IPAddress? primary)
        {
            ifIndex = name == "eth0" ? 2 : 3;
            primary = IPAddress.Parse(family == IpFamily.IPv4 ? "192.0.2.1" : "fe80::1");
            return true;
        }
    }
}
