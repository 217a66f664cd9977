using HaAppliance.Vrrp.Router;

namespace HaAppliance.Kernel.Tests.Engine;

/// <summary>
/// The event loop with real routers and the real codec, on an in-memory LAN and fake time:
/// what a daemon does with its packets, timers, checks, reloads and shutdown.
/// </summary>
public sealed class VrrpEngineTests
{
    private const string Vip = "192.0.2.100/24 dev eth0";

    [Test]
    public async Task Run_TwoNodes_HigherPriorityHoldsTheVip()
    {
        await using var lan = new EngineLan();
        var a = lan.Add("lb1", "192.0.2.1", 101);
        var b = lan.Add("lb2", "192.0.2.2", 100);
        await lan.StartAsync();
        await lan.RunForAsync(TimeSpan.FromSeconds(5));

        Assert.That(await a.StateAsync(), Is.EqualTo(RouterState.Master));
        Assert.That(await b.StateAsync(), Is.EqualTo(RouterState.Backup));
        Assert.That(a.Vips.Addresses, Is.EquivalentTo(new[] { Vip }));
        Assert.That(b.Vips.Addresses, Is.Empty);
        Assert.That(a.Sink.Events.Select(e => e.NewState), Does.Contain(HaAppliance.Abstractions.VrrpState.Master));
    }

    [Test]
    public async Task CheckFailure_OnMaster_MovesTheVipToTheBackup()
    {
        await using var lan = new EngineLan();
        var a = lan.Add("lb1", "192.0.2.1", 101);
        var b = lan.Add("lb2", "192.0.2.2", 100);
        await lan.StartAsync();
        a.Engine.PostCheckResult("chk_nginx", healthy: true, "exited with status 0");
        b.Engine.PostCheckResult("chk_nginx", healthy: true, "exited with status 0");
        await lan.RunForAsync(TimeSpan.FromSeconds(5));
        Assert.That(await a.StateAsync(), Is.EqualTo(RouterState.Master));

        a.Engine.PostCheckResult("chk_nginx", healthy: false, "exited with status 1");
        await lan.RunForAsync(TimeSpan.FromSeconds(5));

        Assert.That(await a.StateAsync(), Is.EqualTo(RouterState.Backup));
        Assert.That(await b.StateAsync(), Is.EqualTo(RouterState.Master));
        Assert.That(a.Vips.Addresses, Is.Empty);
        Assert.That(b.Vips.Addresses, Is.EquivalentTo(new[] { Vip }));
        var status = (await a.Engine.StatusAsync()).Single();
        Assert.That(status.EffectivePriority, Is.EqualTo(81));
    }

    [Test]
    public async Task Stop_Master_SendsPriorityZeroAndReleasesVips()
    {
        await using var lan = new EngineLan();
        var a = lan.Add("lb1", "192.0.2.1", 101);
        var b = lan.Add("lb2", "192.0.2.2", 100);
        await lan.StartAsync();
        await lan.RunForAsync(TimeSpan.FromSeconds(5));

        await a.StopAsync();
        await lan.SettleAsync();

        var last = lan.Hub.Sent.Last(s => s.Node == "lb1").Payload;
        Assert.That(last[2], Is.Zero, "the last advert of a stopping master carries priority 0");
        Assert.That(a.Vips.Addresses, Is.Empty);
        // A backup hearing priority 0 waits only Skew_Time (RFC 9568 §6.4.2): well under a second here.
        await lan.RunForAsync(TimeSpan.FromMilliseconds(700));
        Assert.That(await b.StateAsync(), Is.EqualTo(RouterState.Master));
        Assert.That(b.Vips.Addresses, Is.EquivalentTo(new[] { Vip }));
    }

    [Test]
    public async Task Reload_UnchangedConfig_KeepsStateAndAdvertRhythm()
    {
        await using var lan = new EngineLan();
        var a = lan.Add("lb1", "192.0.2.1", 101);
        var b = lan.Add("lb2", "192.0.2.2", 100);
        await lan.StartAsync();
        await lan.RunForAsync(TimeSpan.FromSeconds(5));
        var eventsBefore = a.Sink.Events.Count;
        var sentBefore = lan.Hub.Sent.Count(s => s.Node == "lb1");

        var changes = await a.Engine.ReloadAsync(a.Specs(TestConfigs.Pair(101)));
        await lan.RunForAsync(TimeSpan.FromSeconds(3));

        Assert.That(changes, Is.Empty);
        Assert.That(await a.StateAsync(), Is.EqualTo(RouterState.Master));
        Assert.That(a.Sink.Events, Has.Count.EqualTo(eventsBefore), "no state change");
        Assert.That(a.Vips.Addresses, Is.EquivalentTo(new[] { Vip }), "no VIP removed");
        // One advert a second, neither skipped nor doubled around the reload.
        Assert.That(lan.Hub.Sent.Count(s => s.Node == "lb1") - sentBefore, Is.EqualTo(3));
        Assert.That(await b.StateAsync(), Is.EqualTo(RouterState.Backup));
    }

    [Test]
    public async Task Reload_LowerPriority_UpdatesInPlaceAndHandsOver()
    {
        await using var lan = new EngineLan();
        var a = lan.Add("lb1", "192.0.2.1", 101);
        var b = lan.Add("lb2", "192.0.2.2", 100);
        await lan.StartAsync();
        await lan.RunForAsync(TimeSpan.FromSeconds(5));

        var changes = await a.Engine.ReloadAsync(a.Specs(TestConfigs.Pair(90)));
        await lan.RunForAsync(TimeSpan.FromSeconds(5));

        Assert.That(changes, Has.Some.Contains("updated in place"));
        Assert.That(await b.StateAsync(), Is.EqualTo(RouterState.Master));
        Assert.That(await a.StateAsync(), Is.EqualTo(RouterState.Backup));
    }

    [Test]
    public async Task Reload_AddedVip_IsAddedWithoutLeavingMaster()
    {
        await using var lan = new EngineLan();
        var a = lan.Add("lb1", "192.0.2.1", 101);
        lan.Add("lb2", "192.0.2.2", 100);
        await lan.StartAsync();
        await lan.RunForAsync(TimeSpan.FromSeconds(5));
        var eventsBefore = a.Sink.Events.Count;

        var bigger = TestConfigs.Pair(101, i => i.VirtualAddresses.Add(new() { Address = System.Net.IPAddress.Parse("192.0.2.101"), PrefixLength = 24 }));
        await a.Engine.ReloadAsync(a.Specs(bigger));
        await lan.RunForAsync(TimeSpan.FromSeconds(2));

        Assert.That(await a.StateAsync(), Is.EqualTo(RouterState.Master));
        Assert.That(a.Sink.Events, Has.Count.EqualTo(eventsBefore));
        Assert.That(a.Vips.Addresses, Is.EquivalentTo(new[] { Vip, "192.0.2.101/24 dev eth0" }));
    }

    [Test]
    public async Task Reload_RemovedVip_IsRemovedWithoutLeavingMaster()
    {
        await using var lan = new EngineLan();
        var bigger = TestConfigs.Pair(101, i => i.VirtualAddresses.Add(new() { Address = System.Net.IPAddress.Parse("192.0.2.101"), PrefixLength = 24 }));
        var a = lan.Add("lb1", "192.0.2.1", bigger);
        lan.Add("lb2", "192.0.2.2", 100);
        await lan.StartAsync();
        await lan.RunForAsync(TimeSpan.FromSeconds(5));
        Assert.That(a.Vips.Addresses, Is.EquivalentTo(new[] { Vip, "192.0.2.101/24 dev eth0" }));
        var eventsBefore = a.Sink.Events.Count;

        var changes = await a.Engine.ReloadAsync(a.Specs(TestConfigs.Pair(101)));
        await lan.RunForAsync(TimeSpan.FromSeconds(2));

        Assert.That(changes, Has.Some.Contains("VIPs removed: 192.0.2.101/24 dev eth0"));
        Assert.That(await a.StateAsync(), Is.EqualTo(RouterState.Master));
        Assert.That(a.Sink.Events, Has.Count.EqualTo(eventsBefore));
        Assert.That(a.Vips.Addresses, Is.EquivalentTo(new[] { Vip }));
    }

    [Test]
    public async Task Reload_RemovedInstance_ReleasesItsVips()
    {
        await using var lan = new EngineLan();
        var a = lan.Add("lb1", "192.0.2.1", 101);
        var b = lan.Add("lb2", "192.0.2.2", 100);
        await lan.StartAsync();
        await lan.RunForAsync(TimeSpan.FromSeconds(5));

        var changes = await a.Engine.ReloadAsync([]);
        await lan.RunForAsync(TimeSpan.FromSeconds(2));

        Assert.That(changes, Has.Some.Contains("removed"));
        Assert.That(a.Vips.Addresses, Is.Empty);
        Assert.That(await b.StateAsync(), Is.EqualTo(RouterState.Master));
    }

    [Test]
    public async Task Packet_WithBadChecksum_IsCountedAndDropped()
    {
        await using var lan = new EngineLan();
        var a = lan.Add("lb1", "192.0.2.1", 101);
        var b = lan.Add("lb2", "192.0.2.2", 100);
        await lan.StartAsync();
        await lan.RunForAsync(TimeSpan.FromSeconds(5));
        var good = lan.Hub.Sent.Last(s => s.Node == "lb1");
        var bad = (byte[])good.Payload.Clone();
        bad[6] ^= 0xff; // checksum bytes

        b.Engine.Inject(new ReceivedPacket(2, HaAppliance.Vrrp.IpFamily.IPv4, a.Address, System.Net.IPAddress.Parse("224.0.0.18"), 255, bad));
        await lan.SettleAsync();

        var status = (await b.Engine.StatusAsync()).Single();
        Assert.That(status.Rejected, Is.EquivalentTo(new Dictionary<string, long> { ["ChecksumMismatch"] = 1 }));
        Assert.That(status.State, Is.EqualTo(RouterState.Backup));
    }

    [Test]
    public async Task Status_MasterAndBackup_ReportsTheRoutersAdvertCounts()
    {
        await using var lan = new EngineLan();
        var a = lan.Add("lb1", "192.0.2.1", 101);
        var b = lan.Add("lb2", "192.0.2.2", 100);
        await lan.StartAsync();
        await lan.RunForAsync(TimeSpan.FromSeconds(5));

        var master = (await a.Engine.StatusAsync()).Single();
        var backup = (await b.Engine.StatusAsync()).Single();
        var sentByMaster = lan.Hub.Sent.Count(s => s.Node == "lb1");

        Assert.That(master.AdvertsSent, Is.EqualTo(sentByMaster).And.GreaterThan(1));
        Assert.That(backup.AdvertsReceived, Is.EqualTo(sentByMaster), "every advert of the master reached the backup's router");
        Assert.That(backup.AdvertsSent, Is.EqualTo(lan.Hub.Sent.Count(s => s.Node == "lb2")));
    }

    [Test]
    public async Task SyncGroup_OneMemberInFault_HoldsTheOthersInFaultAndReleasesThemOnRecovery()
    {
        await using var lan = new EngineLan();
        var a = lan.Add("lb1", "192.0.2.1", TestConfigs.SyncPair(101));
        var b = lan.Add("lb2", "192.0.2.2", TestConfigs.SyncPair(100));
        await lan.StartAsync();
        await lan.RunForAsync(TimeSpan.FromSeconds(5));
        Assert.That(await a.StateAsync("VI_1"), Is.EqualTo(RouterState.Master));
        Assert.That(await a.StateAsync("VI_2"), Is.EqualTo(RouterState.Master));

        // Only VI_1 tracks chk_link; VI_2 follows it because they are in one sync group.
        a.Engine.PostCheckResult("chk_link", healthy: false, "exited with status 1");
        await lan.RunForAsync(TimeSpan.FromSeconds(5));

        Assert.That(await a.StateAsync("VI_1"), Is.EqualTo(RouterState.Fault));
        Assert.That(await a.StateAsync("VI_2"), Is.EqualTo(RouterState.Fault));
        Assert.That(await b.StateAsync("VI_2"), Is.EqualTo(RouterState.Master));
        Assert.That(a.Vips.Addresses, Is.Empty);
        Assert.That(b.Vips.Addresses, Is.EquivalentTo(new[] { Vip, "192.0.2.200/24 dev eth0" }));
        Assert.That(a.Sink.Events.Last(e => e.Instance == "VI_2").Reason, Does.Contain("sync group G: VI_1 is in fault"));

        a.Engine.PostCheckResult("chk_link", healthy: true, "exited with status 0");
        await lan.RunForAsync(TimeSpan.FromSeconds(8));

        Assert.That(await a.StateAsync("VI_1"), Is.EqualTo(RouterState.Master));
        Assert.That(await a.StateAsync("VI_2"), Is.EqualTo(RouterState.Master));
        Assert.That(b.Vips.Addresses, Is.Empty);
    }
}
