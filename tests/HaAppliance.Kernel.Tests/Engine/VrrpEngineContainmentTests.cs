using System.Net;
using HaAppliance.Abstractions;
using HaAppliance.Vrrp.Router;

namespace HaAppliance.Kernel.Tests.Engine;

/// <summary>
/// Nothing a plugin does stops the event loop: a VIP backend that hangs or cannot be created affects its own
/// instance only; the adverts of the others go on (through reloads and shutdown too).
/// </summary>
public sealed class VrrpEngineContainmentTests
{
    private const byte StuckVrid = 51;
    private const byte HealthyVrid = 52;

    /// <summary>One node: VI_1 (vrid 51) on backend "stuck", VI_2 (vrid 52) on backend "memory"; both become master.</summary>
    private static HaConfig TwoInstances(string firstBackend)
    {
        var config = TestConfigs.Pair(101, i => i.VipBackend = firstBackend);
        var second = new InstanceConfig
        {
            Name = "VI_2",
            Interface = "eth0",
            VirtualRouterId = HealthyVrid,
            Priority = 101,
            Version = 3,
            AdvertInterval = TimeSpan.FromSeconds(1),
            VipBackend = "memory",
        };
        second.VirtualAddresses.Add(new VipConfig { Address = IPAddress.Parse("192.0.2.200"), PrefixLength = 24 });
        config.Instances.Add(second);
        return config;
    }

    private static List<(string Node, byte[] Payload)> Sent(EngineLan lan)
    {
        // The loop may be sending while we read: copy by index, not by enumeration.
        var copy = new List<(string, byte[])>();
        for (var i = 0; i < lan.Hub.Sent.Count; i++)
        {
            copy.Add((lan.Hub.Sent[i].Node, lan.Hub.Sent[i].Payload));
        }

        return copy;
    }

    private static int Adverts(EngineLan lan, byte vrid) => Sent(lan).Count(s => s.Payload[1] == vrid);

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.That(condition(), Is.True, what);
    }

    private static async Task<(EngineLan Lan, EngineNode Node, BlockingVipBackend Stuck)> TwoMastersAsync()
    {
        var lan = new EngineLan();
        var stuck = new BlockingVipBackend();
        var memory = new MemoryVipBackend();
        var node = lan.Add("lb1", "192.0.2.1", TwoInstances("stuck"), type => type == "stuck" ? stuck : memory);
        await lan.StartAsync();
        await lan.RunForAsync(TimeSpan.FromSeconds(5));
        Assert.That(await node.StateAsync("VI_1"), Is.EqualTo(RouterState.Master));
        Assert.That(await node.StateAsync("VI_2"), Is.EqualTo(RouterState.Master));

        // VIPs are applied off the loop, so the add may still be on its way when the state says Master.
        await WaitForAsync(() => stuck.Addresses.Any(), "VI_1's VIP added through its backend");
        Assert.That(stuck.Addresses, Is.EquivalentTo(new[] { "192.0.2.100/24 dev eth0" }));
        return (lan, node, stuck);
    }

    [Test]
    public async Task Reload_RemovedInstanceWhoseBackendRemoveBlocks_OtherInstanceKeepsAdvertising()
    {
        var (lan, node, stuck) = await TwoMastersAsync();
        await using var _ = lan;
        var before = Adverts(lan, HealthyVrid);

        var withoutFirst = TwoInstances("stuck");
        withoutFirst.Instances.RemoveAt(0);
        var changes = await node.Engine.ReloadAsync(node.Specs(withoutFirst)).WaitAsync(TimeSpan.FromSeconds(10));
        await lan.RunForAsync(TimeSpan.FromSeconds(3));

        Assert.That(changes, Has.Some.Contains("(VI_1) removed"));
        Assert.That(stuck.RemoveCalls, Is.GreaterThanOrEqualTo(1), "the removal was attempted (and hangs)");
        Assert.That(Adverts(lan, HealthyVrid) - before, Is.EqualTo(3), "VI_2 sent one advert a second throughout");
        Assert.That(await node.StateAsync("VI_2"), Is.EqualTo(RouterState.Master));
    }

    [Test]
    public async Task Stop_BackendRemoveBlocks_EveryInstanceSendsPriorityZeroAndStopIsBounded()
    {
        var (lan, node, stuck) = await TwoMastersAsync();
        await using var _ = lan;

        var stopping = node.Engine.StopAsync();

        // VI_1 comes first and its removal hangs; VI_2's priority 0 must go out all the same.
        await WaitForAsync(() => Sent(lan).Any(s => s.Payload[1] == StuckVrid && s.Payload[2] == 0), "VI_1 sent priority 0");
        await WaitForAsync(() => Sent(lan).Any(s => s.Payload[1] == HealthyVrid && s.Payload[2] == 0), "VI_2 sent priority 0");
        await WaitForAsync(() => node.Vips.Addresses.Count == 0 && stuck.RemoveCalls > 0, "VI_2's VIP removed, VI_1's removal attempted");
        Assert.That(stopping.IsCompleted, Is.False, "the engine waits (a bounded time) for the hung removal");

        // The drain is bounded (10 s by default): advancing fake time past it ends the stop.
        for (var i = 0; i < 100 && !stopping.IsCompleted; i++)
        {
            lan.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(stopping, Task.Delay(20));
        }

        Assert.That(stopping.IsCompleted, Is.True);
    }

    [Test]
    public async Task Run_BackendFactoryThrowsForOneInstance_OthersRunAndItIsInFault()
    {
        await using var lan = new EngineLan();
        var memory = new MemoryVipBackend();
        var node = lan.Add("lb1", "192.0.2.1", TwoInstances("broken"),
            type => type == "broken" ? throw new InvalidOperationException("no such backend") : memory);
        await lan.StartAsync();
        await lan.RunForAsync(TimeSpan.FromSeconds(5));
        var before = Adverts(lan, HealthyVrid);
        await lan.RunForAsync(TimeSpan.FromSeconds(3));

        Assert.That(node.Running, Is.True, "the loop goes on");
        Assert.That(await node.StateAsync("VI_1"), Is.EqualTo(RouterState.Fault));
        Assert.That(await node.StateAsync("VI_2"), Is.EqualTo(RouterState.Master));
        Assert.That(Adverts(lan, HealthyVrid) - before, Is.EqualTo(3));
        Assert.That(Adverts(lan, StuckVrid), Is.Zero, "an instance in Fault sends nothing");
        Assert.That(memory.Addresses, Is.EquivalentTo(new[] { "192.0.2.200/24 dev eth0" }));
        var status = (await node.Engine.StatusAsync()).Single(s => s.Name == "VI_1");
        Assert.That(status.Errors, Is.GreaterThanOrEqualTo(1));
        Assert.That(node.Sink.Events.Last(e => e.Instance == "VI_1").Reason, Does.Contain("VIP backend broken cannot be created"));
    }

    [Test]
    public async Task Take_BackendAddFailsTwice_RetriedWithBackoffUntilTheVipIsThere()
    {
        await using var lan = new EngineLan();
        var flaky = new FlakyVipBackend(failures: 2);
        var node = lan.Add("lb1", "192.0.2.1", TestConfigs.Pair(101), _ => flaky);
        await lan.StartAsync();
        await lan.RunForAsync(TimeSpan.FromSeconds(5));
        Assert.That(await node.StateAsync(), Is.EqualTo(RouterState.Master));

        // Retries after 1 s, then 2 s (fake time); the reconciler works off the loop, so give it wall time too.
        for (var i = 0; i < 100 && flaky.Addresses.Count == 0; i++)
        {
            await lan.RunForAsync(TimeSpan.FromMilliseconds(500));
            await Task.Delay(10);
        }

        Assert.That(flaky.Addresses, Is.EquivalentTo(new[] { "192.0.2.100/24 dev eth0" }));
        Assert.That(flaky.AddCalls, Is.EqualTo(3));
        Assert.That((await node.Engine.StatusAsync()).Single().Errors, Is.EqualTo(2));
        Assert.That(await node.StateAsync(), Is.EqualTo(RouterState.Master), "a failing backend is retried, not a failover");
    }
}
