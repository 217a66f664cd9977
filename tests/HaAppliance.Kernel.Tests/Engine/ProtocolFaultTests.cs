using System.Net;
using HaAppliance.Abstractions;
using HaAppliance.Config;
using HaAppliance.Vrrp;
using HaAppliance.Vrrp.Packets;
using HaAppliance.Vrrp.Router;

namespace HaAppliance.Kernel.Tests.Engine;

/// <summary>
/// Protocol faults seen in the field, reproduced on the in-memory LAN with fake time: config drift, start-up order,
/// the startup delay, keepalived's weight reverse and TTL of routed unicast peers.
/// </summary>
public sealed class ProtocolFaultTests
{
    private static readonly IPAddress SecondVip = IPAddress.Parse("192.0.2.101");

    private static int MastersSent(EngineLan lan, string node) =>
        lan.Hub.Sent.Count(s => s.Node == node && s.Payload[2] != 0);

    [Test]
    public async Task ConfigDrift_MasterAdvertisesMoreVips_ExactlyOneMasterAndBackupCountsIt()
    {
        await using var lan = new EngineLan();
        var a = lan.Add("lb1", "192.0.2.1", 101, i => i.VirtualAddresses.Add(new VipConfig { Address = SecondVip, PrefixLength = 24 }));
        var b = lan.Add("lb2", "192.0.2.2", 100);
        await lan.StartAsync();
        await lan.RunForAsync(TimeSpan.FromSeconds(6));

        Assert.That(await a.StateAsync(), Is.EqualTo(RouterState.Master));
        Assert.That(await b.StateAsync(), Is.EqualTo(RouterState.Backup), "a different VIP list must not make a second master");
        var status = (await b.Engine.StatusAsync()).Single();
        // lb1's adverts at about 3.6, 4.6 and 5.6 s; a fourth only when lb2's Master_Down, due in the same 10 ms step,
        // fired before lb1's first advert was handled (lb1 then answers lb2's advert at once).
        Assert.That(status.AddressListMismatches, Is.GreaterThanOrEqualTo(3));
        Assert.That(status.Rejected.Keys, Has.None.EqualTo(nameof(VrrpRejectReason.AddressListMismatch)));
        Assert.That(status.MasterAddress, Is.EqualTo(IPAddress.Parse("192.0.2.1")));
    }

    [Test]
    public async Task ConfigDrift_ManyAdvertsWithOtherVips_OneJournalNoteNoStateChangeForIt()
    {
        await using var lan = new EngineLan();
        lan.Add("lb1", "192.0.2.1", 101, i => i.VirtualAddresses.Add(new VipConfig { Address = SecondVip, PrefixLength = 24 }));
        var b = lan.Add("lb2", "192.0.2.2", 100);
        await lan.StartAsync();
        await lan.RunForAsync(TimeSpan.FromSeconds(10));

        var notes = b.Sink.AddressLists.ToList();
        Assert.That(notes, Has.Count.EqualTo(1), "one note per change of the difference, not one per advert");
        Assert.That(notes[0].Instance, Is.EqualTo("VI_1"));
        Assert.That(notes[0].Difference.Source, Is.EqualTo(IPAddress.Parse("192.0.2.1")));
        Assert.That(notes[0].Difference.Theirs, Is.EqualTo(new[] { IPAddress.Parse("192.0.2.100"), SecondVip }));
        Assert.That(notes[0].Difference.Ours, Is.EqualTo(new[] { IPAddress.Parse("192.0.2.100") }));
    }

    [Test]
    public async Task Master_HearsEqualPriorityFromLowerAddress_AnswersAndRepeatsGratuitousArps()
    {
        var announcer = new RecordingAnnouncer();
        await using var lan = new EngineLan();
        var a = lan.Add("lb1", "192.0.2.2", TestConfigs.Pair(100), announcer: announcer);
        await lan.StartAsync();
        await lan.RunForAsync(TimeSpan.FromSeconds(5));
        Assert.That(await a.StateAsync(), Is.EqualTo(RouterState.Master));

        // A node that became master during a partition (same priority, lower address) floods its adverts.
        var lower = IPAddress.Parse("192.0.2.1");
        var buffer = new byte[64];
        var n = VrrpEncoder.Encode(buffer, new Advertisement(VrrpVersion.V3, 51, 100, 100, lower, [IPAddress.Parse("192.0.2.100")]), IPAddress.Parse("224.0.0.18"));
        var sentBefore = lan.Hub.Sent.Count(s => s.Node == "lb1");
        for (var i = 0; i < 50; i++)
        {
            a.Engine.Inject(new ReceivedPacket(2, IpFamily.IPv4, lower, IPAddress.Parse("224.0.0.18"), 255, buffer.AsMemory(0, n)));
        }

        await lan.SettleAsync();

        Assert.That(announcer.LowerPriority, Is.EqualTo(1), "one burst for the one sender within the interval");
        Assert.That(lan.Hub.Sent.Count(s => s.Node == "lb1") - sentBefore, Is.EqualTo(1), "one immediate answer, not fifty");
        Assert.That((await a.Engine.StatusAsync()).Single().AnswersSuppressed, Is.EqualTo(49));
    }

    [Test]
    public async Task Owner_FailingFaultCheckPostedBeforeStart_NeverMasterNoAdvertNoVip()
    {
        await using var lan = new EngineLan();
        var a = lan.Add("lb1", "192.0.2.1", 255, i => i.TrackChecks[0].Weight = 0);
        a.Engine.PostCheckResult("chk_nginx", healthy: false, "initial state (init_fail)");
        await lan.StartAsync();
        await lan.RunForAsync(TimeSpan.FromSeconds(3));

        Assert.That(await a.StateAsync(), Is.EqualTo(RouterState.Fault));
        Assert.That(a.Sink.Events.Select(e => e.NewState), Has.None.EqualTo(VrrpState.Master));
        Assert.That(MastersSent(lan, "lb1"), Is.Zero);
        Assert.That(a.Vips.Addresses, Is.Empty);
    }

    [Test]
    public async Task Owner_LinkDownPostedBeforeStart_NeverMaster()
    {
        await using var lan = new EngineLan();
        var a = lan.Add("lb1", "192.0.2.1", 255);
        a.Engine.PostLinkChange("eth0", up: false);
        await lan.StartAsync();
        await lan.RunForAsync(TimeSpan.FromSeconds(3));

        Assert.That(await a.StateAsync(), Is.EqualTo(RouterState.Fault));
        Assert.That(a.Sink.Events.Select(e => e.NewState), Has.None.EqualTo(VrrpState.Master));
        Assert.That(MastersSent(lan, "lb1"), Is.Zero);
    }

    [Test]
    public async Task Reload_RestartedInstance_KeepsTheFailingCheckResult()
    {
        await using var lan = new EngineLan();
        var a = lan.Add("lb1", "192.0.2.1", 101);
        await lan.StartAsync();
        a.Engine.PostCheckResult("chk_nginx", healthy: false, "exited with status 1");
        await lan.RunForAsync(TimeSpan.FromSeconds(5));
        Assert.That((await a.Engine.StatusAsync()).Single().EffectivePriority, Is.EqualTo(81));

        // A new unicast peer restarts the instance (a new router); the check keeps running and is not re-posted.
        var changes = await a.Engine.ReloadAsync(a.Specs(TestConfigs.Pair(101, i => i.UnicastPeers.Add(IPAddress.Parse("192.0.2.2")))));

        Assert.That(changes, Has.Some.Contains("restarted"));
        var status = (await a.Engine.StatusAsync()).Single();
        Assert.That(status.EffectivePriority, Is.EqualTo(81), "the restarted router starts from the check's current result");
        Assert.That(status.Checks.Single().Healthy, Is.False);
    }

    [Test]
    public async Task Reload_RestartedOwnerWithFailingFaultCheck_NeverMaster()
    {
        await using var lan = new EngineLan();
        var a = lan.Add("lb1", "192.0.2.1", 255, i => i.TrackChecks[0].Weight = 0);
        a.Engine.PostCheckResult("chk_nginx", healthy: false, "exited with status 1");
        await lan.StartAsync();
        Assert.That(await a.StateAsync(), Is.EqualTo(RouterState.Fault));

        await a.Engine.ReloadAsync(a.Specs(TestConfigs.Pair(255, i =>
        {
            i.TrackChecks[0].Weight = 0;
            i.UnicastPeers.Add(IPAddress.Parse("192.0.2.2"));
        })));
        await lan.RunForAsync(TimeSpan.FromSeconds(2));

        Assert.That(await a.StateAsync(), Is.EqualTo(RouterState.Fault));
        Assert.That(a.Sink.Events.Select(e => e.NewState), Has.None.EqualTo(VrrpState.Master));
        Assert.That(MastersSent(lan, "lb1"), Is.Zero);
    }

    [Test]
    public async Task StartupDelay_InstancesWaitInInitializeAndSendNothing()
    {
        await using var lan = new EngineLan();
        var a = lan.Add("lb1", "192.0.2.1", TestConfigs.Pair(101), options: new VrrpEngineOptions { StartupDelay = TimeSpan.FromSeconds(10) });
        await lan.StartAsync();
        await lan.RunForAsync(TimeSpan.FromSeconds(9.5));

        Assert.That(await a.StateAsync(), Is.EqualTo(RouterState.Initialize));
        Assert.That(lan.Hub.Sent, Is.Empty);

        await lan.RunForAsync(TimeSpan.FromSeconds(5));
        Assert.That(await a.StateAsync(), Is.EqualTo(RouterState.Master));
        Assert.That(lan.Hub.Sent, Is.Not.Empty);
    }

    // Base priority 100, |W| = 10: keepalived's numbers for every sign / reverse / state combination.
    [TestCase(10, false, true, 110)]
    [TestCase(10, false, false, 100)]
    [TestCase(-10, false, true, 100)]
    [TestCase(-10, false, false, 90)]
    [TestCase(10, true, true, 90)]
    [TestCase(10, true, false, 100)]
    [TestCase(-10, true, true, 100)]
    [TestCase(-10, true, false, 110)]
    public async Task TrackScriptWeightReverse_EffectivePriorityAsKeepalived(int weight, bool reverse, bool up, int expected)
    {
        await using var lan = new EngineLan();
        var a = lan.Add("lb1", "192.0.2.1", 100, i =>
        {
            i.TrackChecks[0].Weight = weight;
            i.TrackChecks[0].Reverse = reverse;
        });
        await lan.StartAsync();

        a.Engine.PostCheckResult("chk_nginx", up, null);
        await lan.SettleAsync();

        Assert.That((await a.Engine.StatusAsync()).Single().EffectivePriority, Is.EqualTo(expected));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task UnicastAdvertWithTtlBelow255_AcceptedOnlyWithoutTheTtlCheck(bool check)
    {
        var peer = IPAddress.Parse("198.51.100.2");
        await using var lan = new EngineLan();
        var a = lan.Add("lb1", "192.0.2.1", 100, i =>
        {
            i.UnicastPeers.Add(peer);
            i.UnicastTtlCheck = check;
        });
        await lan.StartAsync();

        var buffer = new byte[64];
        var n = VrrpEncoder.Encode(buffer, new Advertisement(VrrpVersion.V3, 51, 200, 100, peer, [IPAddress.Parse("192.0.2.100")]), IPAddress.Parse("192.0.2.1"));
        a.Engine.Inject(new ReceivedPacket(2, IpFamily.IPv4, peer, IPAddress.Parse("192.0.2.1"), 62, buffer.AsMemory(0, n)));
        await lan.SettleAsync();

        var status = (await a.Engine.StatusAsync()).Single();
        Assert.That(status.Rejected.GetValueOrDefault(nameof(VrrpRejectReason.TtlNot255)), Is.EqualTo(check ? 1L : 0L));
        Assert.That(status.MasterAddress, check ? Is.Null : Is.EqualTo(peer));
    }
}

/// <summary>Counts what the engine asks the announcer to do.</summary>
internal sealed class RecordingAnnouncer : IVipAnnouncer
{
    private int _lowerPriority;

    public int LowerPriority => Volatile.Read(ref _lowerPriority);

    public void BecameMaster(string instance, string device, IReadOnlyList<IPAddress> addresses, GarpSchedule schedule)
    {
    }

    public void LowerPriorityAdvertReceived(string instance) => Interlocked.Increment(ref _lowerPriority);

    public void LeftMaster(string instance)
    {
    }
}
