using System.Net;
using HaAppliance.Vrrp.Router;
using Microsoft.Extensions.Time.Testing;

namespace HaAppliance.Vrrp.Tests.Router;

/// <summary>One router driven by hand: events in, actions out.</summary>
public sealed partial class VirtualRouterTests
{
    private static readonly IPAddress Own = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress Peer = IPAddress.Parse("192.0.2.2");

    private static RouterOptions Options(byte priority = 100, VrrpVersion version = VrrpVersion.V3) => new()
    {
        Name = "VI_1",
        Vrid = 51,
        Version = version,
        Priority = priority,
        PrimaryAddress = Own,
        VirtualAddresses = [IPAddress.Parse("192.0.2.100")],
    };

    private static Advertisement Advert(byte priority, IPAddress? source = null, byte vrid = 51, VrrpVersion version = VrrpVersion.V3, int interval = 100) =>
        new(version, vrid, priority, interval, source ?? Peer, [IPAddress.Parse("192.0.2.100")]);

    private static (FakeTimeProvider Time, VirtualRouter Router) Master(byte priority = 100)
    {
        var time = new FakeTimeProvider();
        var router = new VirtualRouter(Options(priority), time);
        router.Handle(new RouterEvent.Startup());
        time.Advance(router.MasterDownInterval);
        router.Handle(new RouterEvent.TimerFired());
        Assert.That(router.State, Is.EqualTo(RouterState.Master));
        return (time, router);
    }

    [Test]
    public void Startup_NonOwner_EntersBackupWithMasterDownDeadline()
    {
        var time = new FakeTimeProvider();
        var router = new VirtualRouter(Options(), time);

        var actions = router.Handle(new RouterEvent.Startup());

        Assert.That(actions, Is.EqualTo(new RouterAction[] { new RouterAction.StateChanged(RouterState.Initialize, RouterState.Backup, "startup") { Cause = StateChangeCause.Startup, LocalPriority = 100 } }));
        Assert.That(router.NextDeadline, Is.EqualTo(time.GetUtcNow() + VrrpTimers.MasterDownInterval(VrrpVersion.V3, 100, 100)));
    }

    [Test]
    public void TimerFired_BeforeDeadline_DoesNothing()
    {
        var time = new FakeTimeProvider();
        var router = new VirtualRouter(Options(), time);
        router.Handle(new RouterEvent.Startup());
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.That(router.Handle(new RouterEvent.TimerFired()), Is.Empty);
        Assert.That(router.State, Is.EqualTo(RouterState.Backup));
    }

    [Test]
    public void TimerFired_MasterDownExpired_SendsAdvertThenEntersMasterThenTakesVips()
    {
        var (_, router) = Master();
        Assert.That(router.Counters.BecameMaster, Is.EqualTo(1));
        Assert.That(router.Counters.AdvertsSent, Is.EqualTo(1));
        Assert.That(router.MasterAddress, Is.EqualTo(Own));
    }

    [Test]
    public void MasterTransition_ActionOrder_FollowsKeepalived()
    {
        var time = new FakeTimeProvider();
        var router = new VirtualRouter(Options(), time);
        router.Handle(new RouterEvent.Startup());
        time.Advance(router.MasterDownInterval);

        var actions = router.Handle(new RouterEvent.TimerFired());

        Assert.That(actions.Select(a => a.GetType().Name), Is.EqualTo(new[] { "SendAdvert", "StateChanged", "TakeVips" }));
        Assert.That(((RouterAction.StateChanged)actions[1]).Reason, Is.EqualTo("master down timer expired"));
    }

    [Test]
    public void Advert_MasterHearsLowerPriority_SendsAdvertAtOnce()
    {
        var (_, router) = Master();
        var actions = router.Handle(new RouterEvent.AdvertReceived(Advert(50)));
        Assert.That(actions, Is.EqualTo(new RouterAction[] { new RouterAction.SendAdvert(100, 100, router.Options.VirtualAddresses), new RouterAction.LowerPriorityHeard(Peer) }));
    }

    [Test]
    public void Advert_MasterHearsPriorityZero_SendsAdvertAtOnceAndRearmsTimer()
    {
        var (time, router) = Master();
        time.Advance(TimeSpan.FromMilliseconds(300));
        var actions = router.Handle(new RouterEvent.AdvertReceived(Advert(0)));
        Assert.That(actions.OfType<RouterAction.SendAdvert>().Single().Priority, Is.EqualTo(100));
        Assert.That(router.NextDeadline, Is.EqualTo(time.GetUtcNow() + TimeSpan.FromSeconds(1)));
        Assert.That(router.Counters.PriorityZeroReceived, Is.EqualTo(1));
    }

    [Test]
    public void Advert_MasterHearsHigherPriority_EntersBackupWithReasonAndReleasesVips()
    {
        var (_, router) = Master(81);
        var actions = router.Handle(new RouterEvent.AdvertReceived(Advert(100)));

        var change = (RouterAction.StateChanged)actions[0];
        Assert.That(change.Reason, Is.EqualTo("higher priority advert from 192.0.2.2 (100 > 81)"));
        Assert.That(change.Cause, Is.EqualTo(StateChangeCause.HigherPriorityAdvert));
        Assert.That(actions[1], Is.TypeOf<RouterAction.ReleaseVips>());
        Assert.That(router.State, Is.EqualTo(RouterState.Backup));
    }

    [TestCase("192.0.2.2", RouterState.Backup)]
    [TestCase("192.0.2.0", RouterState.Master)]
    [TestCase("10.0.0.9", RouterState.Master)]
    public void Advert_MasterHearsEqualPriority_HigherAddressWins(string source, RouterState expected)
    {
        var (_, router) = Master();
        router.Handle(new RouterEvent.AdvertReceived(Advert(100, IPAddress.Parse(source))));
        Assert.That(router.State, Is.EqualTo(expected));
    }

    [Test]
    public void CompareAddresses_UnsignedNetworkOrder_HighBitIsLarger()
    {
        Assert.That(VirtualRouter.CompareAddresses(IPAddress.Parse("200.0.0.1"), IPAddress.Parse("100.255.255.255")), Is.Positive);
        Assert.That(VirtualRouter.CompareAddresses(IPAddress.Parse("2001:db8::1"), IPAddress.Parse("2001:db8::2")), Is.Negative);
    }

    [Test]
    public void Advert_Invalid_CountedByRejectionReason()
    {
        var (_, router) = Master();
        router.Handle(new RouterEvent.AdvertReceived(Advert(200, vrid: 52)));
        router.Handle(new RouterEvent.AdvertReceived(Advert(200, version: VrrpVersion.V2)));
        router.Handle(new RouterEvent.AdvertReceived(Advert(200, source: Own)));
        router.Handle(new RouterEvent.AdvertReceived(Advert(200, source: IPAddress.Parse("2001:db8::2"))));

        Assert.That(router.State, Is.EqualTo(RouterState.Master));
        Assert.That(router.Counters.AdvertsReceived, Is.EqualTo(4));
        Assert.That(router.Counters.Rejections, Is.EquivalentTo(new Dictionary<AdvertRejection, long>
        {
            [AdvertRejection.VridMismatch] = 1,
            [AdvertRejection.VersionMismatch] = 1,
            [AdvertRejection.OwnAddress] = 1,
            [AdvertRejection.FamilyMismatch] = 1,
        }));
    }

    [Test]
    public void Advert_V2IntervalMismatch_Discarded()
    {
        var time = new FakeTimeProvider();
        var router = new VirtualRouter(Options(version: VrrpVersion.V2), time);
        router.Handle(new RouterEvent.Startup());
        var deadline = router.NextDeadline;
        time.Advance(TimeSpan.FromSeconds(1));

        router.Handle(new RouterEvent.AdvertReceived(Advert(200, version: VrrpVersion.V2, interval: 200)));

        Assert.That(router.NextDeadline, Is.EqualTo(deadline));
        Assert.That(router.Counters.Rejections[AdvertRejection.IntervalMismatch], Is.EqualTo(1));
    }

    [TestCase(100, -120, 1)]
    [TestCase(250, 20, 254)]
    [TestCase(255, -50, 255)]
    public void Tracker_WeightApplied_EffectivePriorityClamped(int priority, int weight, int expected)
    {
        var router = new VirtualRouter(Options((byte)priority), new FakeTimeProvider());
        router.Handle(new RouterEvent.TrackerChanged(TrackerId.Check("t"), Healthy: weight > 0, weight));
        Assert.That(router.EffectivePriority, Is.EqualTo(expected));
    }

    [Test]
    public void Tracker_PositiveWeightFails_BonusRemoved()
    {
        var router = new VirtualRouter(Options(100), new FakeTimeProvider());
        router.Handle(new RouterEvent.TrackerChanged(TrackerId.Check("t"), true, 10));
        Assert.That(router.EffectivePriority, Is.EqualTo(110));
        var actions = router.Handle(new RouterEvent.TrackerChanged(TrackerId.Check("t"), false, 10));
        Assert.That(actions, Is.EqualTo(new RouterAction[] { new RouterAction.PriorityChanged(110, 100, "tracker check:t failed (weight +10)") }));
    }

    [Test]
    public void Tracker_PriorityDropsInBackup_DeadlineMovesBySkewChange()
    {
        var time = new FakeTimeProvider();
        var router = new VirtualRouter(Options(100), time);
        router.Handle(new RouterEvent.Startup());
        var before = router.NextDeadline!.Value;

        router.Handle(new RouterEvent.TrackerChanged(TrackerId.Check("t"), false, -20));

        var skewDelta = VrrpTimers.SkewTime(VrrpVersion.V3, 80, 100) - VrrpTimers.SkewTime(VrrpVersion.V3, 100, 100);
        Assert.That(router.NextDeadline, Is.EqualTo(before + skewDelta));
    }

    [Test]
    public void Tracker_SameNameDifferentKinds_CountedSeparately()
    {
        var router = new VirtualRouter(Options(100), new FakeTimeProvider());
        router.Handle(new RouterEvent.TrackerChanged(TrackerId.Interface("eth1"), false, -20));
        router.Handle(new RouterEvent.TrackerChanged(TrackerId.Check("eth1"), false, -30));

        Assert.That(router.EffectivePriority, Is.EqualTo(50));
    }

    [Test]
    public void Tracker_FaultTrackerFails_ReasonNamesKindAndName()
    {
        var (_, router) = Master();
        var actions = router.Handle(new RouterEvent.TrackerChanged(TrackerId.Interface("eth1"), false, 0));

        Assert.That(actions.OfType<RouterAction.StateChanged>().Single().Reason, Is.EqualTo("tracker interface:eth1 failed"));
    }

    [Test]
    public void Tracker_FaultAtStartup_StartsInFaultAndIgnoresAdverts()
    {
        var router = new VirtualRouter(Options(), new FakeTimeProvider());
        router.Handle(new RouterEvent.TrackerChanged(TrackerId.Link("eth0"), false, 0));
        router.Handle(new RouterEvent.Startup());
        router.Handle(new RouterEvent.AdvertReceived(Advert(50)));

        Assert.That(router.State, Is.EqualTo(RouterState.Fault));
        Assert.That(router.NextDeadline, Is.Null);
        Assert.That(router.Counters.Rejections[AdvertRejection.NotListening], Is.EqualTo(1));
    }

    [Test]
    public void Shutdown_Master_SendsPriorityZeroThenReleasesVips()
    {
        var (_, router) = Master();
        var actions = router.Handle(new RouterEvent.Shutdown());

        Assert.That(actions[0], Is.EqualTo(new RouterAction.SendAdvert(0, 100, router.Options.VirtualAddresses)));
        Assert.That(actions[1], Is.TypeOf<RouterAction.ReleaseVips>());
        Assert.That(router.State, Is.EqualTo(RouterState.Initialize));
        Assert.That(router.NextDeadline, Is.Null);
        Assert.That(router.Counters.PriorityZeroSent, Is.EqualTo(1));
    }

    [Test]
    public void Owner_Startup_MasterAtOnce()
    {
        var router = new VirtualRouter(Options(255), new FakeTimeProvider());
        var actions = router.Handle(new RouterEvent.Startup());
        Assert.That(actions.OfType<RouterAction.SendAdvert>().Single().Priority, Is.EqualTo(255));
        Assert.That(router.State, Is.EqualTo(RouterState.Master));
    }

    [Test]
    public void Reconfigure_V2BackupIntervalChanged_DeadlineMovesByThreeIntervals()
    {
        var time = new FakeTimeProvider();
        var router = new VirtualRouter(Options(version: VrrpVersion.V2), time);
        router.Handle(new RouterEvent.Startup());
        var before = router.NextDeadline!.Value;

        router.Reconfigure(Options(version: VrrpVersion.V2) with { AdvertIntervalCentiseconds = 200 });

        Assert.That(router.NextDeadline, Is.EqualTo(before + TimeSpan.FromSeconds(3)));
    }

    [TestCase(0, 100, "virtual router id 0")]
    [TestCase(51, 0, "priority 0")]
    public void Constructor_BadOptions_ThrowsNamingValue(int vrid, int priority, string message)
    {
        var options = Options((byte)priority) with { Vrid = (byte)vrid };
        Assert.That(() => new VirtualRouter(options, new FakeTimeProvider()), Throws.ArgumentException.With.Message.Contains(message));
    }

    [Test]
    public void Constructor_V2WithFractionalInterval_Throws()
    {
        var options = Options(version: VrrpVersion.V2) with { AdvertIntervalCentiseconds = 50 };
        Assert.That(() => new VirtualRouter(options, new FakeTimeProvider()), Throws.ArgumentException.With.Message.Contains("0.5 s"));
    }

    [TestCase(0)]
    [TestCase(-5)]
    [TestCase(4096)]
    public void Advert_V3IntervalOutOfRange_RejectedAndTimerKept(int interval)
    {
        var time = new FakeTimeProvider();
        var router = new VirtualRouter(Options(), time);
        router.Handle(new RouterEvent.Startup());
        var deadline = router.NextDeadline;

        router.Handle(new RouterEvent.AdvertReceived(Advert(200, interval: interval)));

        Assert.That(router.NextDeadline, Is.EqualTo(deadline));
        Assert.That(router.MasterAdverIntervalCentiseconds, Is.EqualTo(100));
        Assert.That(router.Counters.Rejections[AdvertRejection.InvalidInterval], Is.EqualTo(1));
    }

    [Test]
    public void Owner_InBackupWithNoPreempt_StillPreemptsLowerMaster()
    {
        var time = new FakeTimeProvider();
        var router = new VirtualRouter(Options(100) with { Preempt = false }, time);
        router.Handle(new RouterEvent.Startup());

        // An owner never yields (not even to another owner): a Backup becomes the owner by reconfiguration.
        router.Reconfigure(Options(255) with { Preempt = false });
        Assert.That(router.State, Is.EqualTo(RouterState.Backup));
        var deadline = router.NextDeadline;

        time.Advance(TimeSpan.FromSeconds(1));
        router.Handle(new RouterEvent.AdvertReceived(Advert(100)));

        // RFC 9568 §6.1 Preempt_Mode: the owner always preempts, so the lower advert does not reset the timer.
        Assert.That(router.NextDeadline, Is.EqualTo(deadline));
        Assert.That(router.Counters.Rejections[AdvertRejection.LowerPriority], Is.EqualTo(1));
    }
}
