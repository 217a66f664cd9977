using System.Net;
using HaAppliance.Config;
using HaAppliance.Vrrp.Router;

namespace HaAppliance.Kernel.Tests.Engine;

/// <summary>
/// keepalived's sync group rules on two engines sharing an in-memory LAN and fake time: the members of a group
/// are Master on one node, never split across the two.
/// </summary>
[TestFixture]
public class SyncGroupTests
{
    [Test]
    public async Task SplitElection_EndsWithEveryMemberOnOneNode()
    {
        // The issue's scenario: alone, VI_1 would elect B (200 > 150) and VI_2 would elect A (150 > 100).
        await using var lan = new EngineLan();
        var a = lan.Add("A", "192.0.2.1", Group([150, 150]));
        var b = lan.Add("B", "192.0.2.2", Group([200, 100]));
        await lan.StartAsync();
        await lan.RunForAsync(TimeSpan.FromSeconds(15));

        var owner = await AssertTogetherAsync(a, b, 2);
        var transitions = a.Sink.Events.Count + b.Sink.Events.Count;

        // Prefer Backup to thrashing: the held member re-arms its timer and nothing moves any more.
        await lan.RunForAsync(TimeSpan.FromSeconds(30));
        Assert.That(await AssertTogetherAsync(a, b, 2), Is.SameAs(owner));
        Assert.That(a.Sink.Events.Count + b.Sink.Events.Count, Is.EqualTo(transitions), "no state change once settled");
    }

    [Test]
    public async Task MemberPreemptedByThePeer_TakesTheWholeGroupAlong()
    {
        await using var lan = new EngineLan();
        var a = lan.Add("A", "192.0.2.1", Group([150, 150]));
        var b = lan.Add("B", "192.0.2.2", Group([200, 200]));
        await lan.StartAsync();
        b.Engine.PostCheckResult("chk_link", healthy: false, "exited with status 1");
        await lan.RunForAsync(TimeSpan.FromSeconds(6));
        Assert.That(await AssertTogetherAsync(a, b, 2), Is.SameAs(a));

        // B recovers and preempts with the higher priority: A's members leave Master together.
        b.Engine.PostCheckResult("chk_link", healthy: true, "exited with status 0");
        await lan.RunForAsync(TimeSpan.FromSeconds(8));

        Assert.That(await AssertTogetherAsync(a, b, 2), Is.SameAs(b));
        var left = a.Sink.Events.Where(e => e.OldState == Abstractions.VrrpState.Master).ToList();
        Assert.That(left, Has.Count.EqualTo(2));
        Assert.That(left.Select(e => e.Reason), Has.Some.Contains("sync group G: VI_").And.Some.Contains("went to BACKUP"));
        Assert.That(a.Vips.Addresses, Is.Empty);
    }

    [Test]
    public async Task FaultOfOneMember_MovesTheGroupWithinOneMasterDownInterval()
    {
        await using var lan = new EngineLan();
        var a = lan.Add("A", "192.0.2.1", Group([200, 200]));
        var b = lan.Add("B", "192.0.2.2", Group([100, 100]));
        await lan.StartAsync();
        await lan.RunForAsync(TimeSpan.FromSeconds(6));
        Assert.That(await AssertTogetherAsync(a, b, 2), Is.SameAs(a));

        // Only VI_1 tracks chk_link (weight 0); VI_2 goes to Fault with it, and B takes both.
        a.Engine.PostCheckResult("chk_link", healthy: false, "exited with status 1");
        await lan.RunForAsync(TimeSpan.FromSeconds(3.61)); // B's Master_Down_Interval: 3 × 1 s + (256 − 100) / 256 s

        Assert.That(await AssertTogetherAsync(a, b, 2), Is.SameAs(b));
        Assert.That(await a.StateAsync("VI_2"), Is.EqualTo(RouterState.Fault));
    }

    [TestCase(false, "A")]
    [TestCase(true, "B")]
    public async Task WeightedGroupTracker_CountsOnlyWithSyncGroupTrackingWeight(bool trackingWeight, string expectedOwner)
    {
        // Both members track chk_w (weight -20) through the group; 110 − 20 = 90 < 100 only when weights count.
        void Configure(HaConfig c)
        {
            c.Checks.Add(new CheckConfig { Name = "chk_w", Type = "script", Weight = -20 });
            c.SyncGroups[0].TrackChecks.Add(new TrackRef { Name = "chk_w" });
            c.SyncGroups[0].TrackingWeight = trackingWeight;
        }

        await using var lan = new EngineLan();
        var a = lan.Add("A", "192.0.2.1", Group([110, 110], Configure));
        var b = lan.Add("B", "192.0.2.2", Group([100, 100], Configure));
        await lan.StartAsync();
        await lan.RunForAsync(TimeSpan.FromSeconds(6));
        Assert.That(await AssertTogetherAsync(a, b, 2), Is.SameAs(a));

        a.Engine.PostCheckResult("chk_w", healthy: false, "exited with status 1");
        await lan.RunForAsync(TimeSpan.FromSeconds(10));

        Assert.That((await AssertTogetherAsync(a, b, 2)).Name, Is.EqualTo(expectedOwner));
        var status = await a.Engine.StatusAsync();
        Assert.That(status.Select(s => s.EffectivePriority), Is.All.EqualTo(trackingWeight ? 90 : 110));
    }

    [Test]
    public async Task ThreeMembersWithMixedPriorities_EndOnOneNode()
    {
        await using var lan = new EngineLan();
        var a = lan.Add("A", "192.0.2.1", Group([150, 120, 200]));
        var b = lan.Add("B", "192.0.2.2", Group([100, 180, 90]));
        await lan.StartAsync();
        await lan.RunForAsync(TimeSpan.FromSeconds(20));

        var owner = await AssertTogetherAsync(a, b, 3);
        await owner.StopAsync();
        await lan.RunForAsync(TimeSpan.FromSeconds(6));

        var other = owner == a ? b : a;
        Assert.That((await other.Engine.StatusAsync()).Select(s => s.State), Is.All.EqualTo(RouterState.Master));
    }

    [Test]
    public async Task SeededRandomRuns_AllMembersOfTheGroupAreMasterOnOneNode([Range(1, 12)] int seed)
    {
        var random = new Random(seed);
        var members = random.Next(2, 5);
        int[] Priorities() => Enumerable.Range(0, members).Select(_ => random.Next(1, 255)).ToArray();
        var first = Priorities();
        var second = Priorities();
        var faultAt = TimeSpan.FromMilliseconds(random.Next(0, 8000));
        TestContext.Out.WriteLine($"seed {seed}: A [{string.Join(", ", first)}], B [{string.Join(", ", second)}], A's chk_link fails {faultAt} to {faultAt * 2}");

        await using var lan = new EngineLan();
        var a = lan.Add("A", "192.0.2.1", Group(first));
        var b = lan.Add("B", "192.0.2.2", Group(second));
        await lan.StartAsync();
        await lan.RunForAsync(faultAt);
        a.Engine.PostCheckResult("chk_link", healthy: false, "exited with status 1");
        await lan.RunForAsync(faultAt);
        a.Engine.PostCheckResult("chk_link", healthy: true, "exited with status 0");
        await lan.RunForAsync(TimeSpan.FromSeconds(20));

        await AssertTogetherAsync(a, b, members);
    }

    [Test]
    public async Task ReloadOutOfTheGroup_MembersElectOnTheirOwnAgain()
    {
        await using var lan = new EngineLan();
        var a = lan.Add("A", "192.0.2.1", Group([150, 150]));
        var b = lan.Add("B", "192.0.2.2", Group([200, 100]));
        await lan.StartAsync();
        await lan.RunForAsync(TimeSpan.FromSeconds(15));
        await AssertTogetherAsync(a, b, 2);

        // Without the group each instance elects on its own: VI_1 on B (200 > 150), VI_2 on A (150 > 100).
        foreach (var node in new[] { a, b })
        {
            var solo = Group(node == a ? [150, 150] : [200, 100]);
            solo.SyncGroups.Clear();
            await node.Engine.ReloadAsync(node.Specs(solo));
        }

        await lan.RunForAsync(TimeSpan.FromSeconds(15));
        Assert.That(await b.StateAsync("VI_1"), Is.EqualTo(RouterState.Master));
        Assert.That(await a.StateAsync("VI_2"), Is.EqualTo(RouterState.Master));
    }

    [Test]
    public async Task ReloadOutOfTheGroup_WhileAnotherMemberIsInFault_ReleasesTheHeldMember()
    {
        await using var lan = new EngineLan();
        var a = lan.Add("A", "192.0.2.1", Group([150, 150]));
        await lan.StartAsync();
        a.Engine.PostCheckResult("chk_link", healthy: false, "exited with status 1");
        await lan.RunForAsync(TimeSpan.FromSeconds(1));
        Assert.That(await a.StateAsync("VI_2"), Is.EqualTo(RouterState.Fault));

        var solo = Group([150, 150]);
        solo.SyncGroups.Clear();
        await a.Engine.ReloadAsync(a.Specs(solo));
        await lan.RunForAsync(TimeSpan.FromSeconds(5));

        Assert.That(await a.StateAsync("VI_1"), Is.EqualTo(RouterState.Fault), "its own check still fails");
        Assert.That(await a.StateAsync("VI_2"), Is.EqualTo(RouterState.Master), "no group holds it any more");
    }

    /// <summary>Asserts every member is Master on one node and none on the other; returns the Master node.</summary>
    private static async Task<EngineNode> AssertTogetherAsync(EngineNode a, EngineNode b, int members)
    {
        var sa = await a.Engine.StatusAsync();
        var sb = await b.Engine.StatusAsync();
        var text = string.Join(", ", sa.Select(s => $"A {s.Name} {s.State}").Concat(sb.Select(s => $"B {s.Name} {s.State}")));
        Assert.That(sa, Has.Count.EqualTo(members));
        var owner = sa.All(s => s.State == RouterState.Master) ? a : b;
        var other = owner == a ? sb : sa;
        Assert.That((owner == a ? sa : sb).Select(s => s.State), Is.All.EqualTo(RouterState.Master), text);
        Assert.That(other.Select(s => s.State), Has.None.EqualTo(RouterState.Master), text);
        return owner;
    }

    /// <summary>Members VI_1.. (vrid 51.., VIP 192.0.2.101..) in sync group G; VI_1 tracks chk_link (weight 0).</summary>
    private static HaConfig Group(int[] priorities, Action<HaConfig>? configure = null)
    {
        var config = new HaConfig();
        config.Checks.Add(new CheckConfig { Name = "chk_link", Type = "script", Weight = 0 });
        var group = new SyncGroupConfig { Name = "G" };
        for (var i = 0; i < priorities.Length; i++)
        {
            var inst = new InstanceConfig
            {
                Name = $"VI_{i + 1}",
                Interface = "eth0",
                VirtualRouterId = 51 + i,
                Priority = priorities[i],
                Version = 3,
                AdvertInterval = TimeSpan.FromSeconds(1),
            };
            inst.VirtualAddresses.Add(new VipConfig { Address = IPAddress.Parse($"192.0.2.{101 + i}"), PrefixLength = 24 });
            if (i == 0)
            {
                inst.TrackChecks.Add(new TrackRef { Name = "chk_link" });
            }

            config.Instances.Add(inst);
            group.Instances.Add(inst.Name);
        }

        config.SyncGroups.Add(group);
        configure?.Invoke(config);
        return config;
    }
}
