using System.Net;
using HaAppliance.Vrrp.Router;
using Microsoft.Extensions.Time.Testing;

namespace HaAppliance.Vrrp.Tests.Router;

/// <summary>
/// What a router does with adverts it accepts beyond the election: address-list drift, bounded immediate answers,
/// a second address owner, and keepalived's weight reverse for fault trackers.
/// </summary>
public sealed partial class VirtualRouterTests
{
    private static readonly IPAddress Vip = IPAddress.Parse("192.0.2.100");
    private static readonly IPAddress Vip2 = IPAddress.Parse("192.0.2.101");

    private static Advertisement Advert(byte priority, IPAddress source, params IPAddress[] addresses) =>
        Advert(priority, source) with { Addresses = addresses };

    private static int Sends(IEnumerable<RouterAction> actions) => actions.OfType<RouterAction.SendAdvert>().Count();

    [Test]
    public void Backup_AdvertWithOtherAddresses_AcceptedCountedAndReportedOncePerChange()
    {
        var time = new FakeTimeProvider();
        var router = new VirtualRouter(Options(), time);
        router.Handle(new RouterEvent.Startup());

        var first = router.Handle(new RouterEvent.AdvertReceived(Advert(120, Peer, Vip, Vip2))).ToList(); // Handle reuses its list: each result is copied
        time.Advance(TimeSpan.FromSeconds(1));
        var second = router.Handle(new RouterEvent.AdvertReceived(Advert(120, Peer, Vip, Vip2))).ToList();
        time.Advance(router.MasterDownInterval - TimeSpan.FromMilliseconds(10));
        router.Handle(new RouterEvent.TimerFired());

        Assert.That(first, Is.EqualTo(new RouterAction[] { new RouterAction.AddressListDiffers(Peer, [Vip, Vip2], [Vip]) }).Using<RouterAction>(SameAction));
        Assert.That(second, Is.Empty, "the same difference is reported once");
        Assert.That(router.Counters.AddressListMismatches, Is.EqualTo(2));
        Assert.That(router.State, Is.EqualTo(RouterState.Backup), "the Master with the other list is still heard");
        Assert.That(router.MasterAddress, Is.EqualTo(Peer));

        var changed = router.Handle(new RouterEvent.AdvertReceived(Advert(120, Peer, Vip2))).ToList();
        Assert.That(changed.OfType<RouterAction.AddressListDiffers>().Single().Theirs, Is.EqualTo(new[] { Vip2 }));
    }

    [Test]
    public void Master_AdvertWithSameAddressesInOtherOrder_IsNoDifference()
    {
        var time = new FakeTimeProvider();
        var router = new VirtualRouter(Options() with { VirtualAddresses = [Vip, Vip2] }, time);
        router.Handle(new RouterEvent.Startup());

        var actions = router.Handle(new RouterEvent.AdvertReceived(Advert(120, Peer, Vip2, Vip))).ToList();

        Assert.That(actions, Is.Empty);
        Assert.That(router.Counters.AddressListMismatches, Is.Zero);
    }

    [Test]
    public void Master_FloodOfLowerPriorityAdvertsFromOneSender_AnsweredOncePerInterval()
    {
        var (time, router) = Master();
        var sentBefore = router.Counters.AdvertsSent;

        var answers = 0;
        for (var i = 0; i < 1000; i++)
        {
            answers += Sends(router.Handle(new RouterEvent.AdvertReceived(Advert(50))));
        }

        Assert.That(answers, Is.EqualTo(1));
        Assert.That(router.Counters.AnswersSuppressed, Is.EqualTo(999));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(Sends(router.Handle(new RouterEvent.AdvertReceived(Advert(50)))), Is.EqualTo(1), "a new interval answers again");
        Assert.That(router.Counters.AdvertsSent, Is.EqualTo(sentBefore + 2));
    }

    [Test]
    public void Master_FloodFromManySenders_AtMostAFewAnswersPerInterval()
    {
        var (time, router) = Master();

        var answers = 0;
        for (var i = 0; i < 200; i++)
        {
            var source = new IPAddress([198, 51, 100, (byte)(i + 1)]);
            answers += Sends(router.Handle(new RouterEvent.AdvertReceived(Advert((byte)(i % 2 == 0 ? 0 : 50), source))));
        }

        Assert.That(answers, Is.EqualTo(VirtualRouter.AnswersPerInterval));
        Assert.That(router.Counters.AnswersSuppressed, Is.EqualTo(200 - VirtualRouter.AnswersPerInterval));

        // The Master's own rhythm is untouched by the flood: one advert per interval.
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(Sends(router.Handle(new RouterEvent.TimerFired())), Is.EqualTo(1));
    }

    [Test]
    public void Master_10msAdvertsFloodedByOneSender_AnswersAtMostThreeTimesASecond()
    {
        // With 10 ms adverts the answer window is still a second: 255 routers answering a flood every 10 ms would
        // double the Master's sends; the next regular advert is never more than 10 ms away anyway.
        var time = new FakeTimeProvider();
        var router = new VirtualRouter(new RouterOptions
        {
            Name = "VI_1",
            Vrid = 51,
            Priority = 255,
            AdvertIntervalCentiseconds = 1,
            PrimaryAddress = IPAddress.Parse("192.0.2.1"),
            VirtualAddresses = [IPAddress.Parse("192.0.2.1")],
        }, time);
        router.Handle(new RouterEvent.Startup());
        var flood = Advert(50) with { IntervalCentiseconds = 1 };

        var answers = 0;
        for (var i = 0; i < 100; i++)
        {
            answers += Sends(router.Handle(new RouterEvent.AdvertReceived(flood)));
            time.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.That(answers, Is.EqualTo(VirtualRouter.AnswersPerInterval), "answers in one second of a flood every 10 ms");
        Assert.That(router.Counters.AnswersSuppressed, Is.EqualTo(100 - VirtualRouter.AnswersPerInterval));
    }

    [Test]
    public void Master_SenderWithShorterInterval_AnsweredOncePerItsIntervalWithinTheBound()
    {
        var (time, router) = Master();
        var fast = Advert(50) with { IntervalCentiseconds = 20 };

        var answers = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add(Sends(router.Handle(new RouterEvent.AdvertReceived(fast))));
            time.Advance(TimeSpan.FromMilliseconds(200));
        }

        // A fast router that becomes Master again is heard each of its intervals, but never more than the bound.
        Assert.That(answers, Is.EqualTo(new[] { 1, 1, 1, 0, 0 }));
        Assert.That(router.Counters.AnswersSuppressed, Is.EqualTo(2));
    }

    [Test]
    public void Master_LowerPriorityOrEqualFromLowerAddress_AsksForGratuitousArps()
    {
        var (_, router) = Master();
        var lowerAddress = IPAddress.Parse("192.0.2.0");

        var lower = router.Handle(new RouterEvent.AdvertReceived(Advert(50))).ToList();
        var equalLower = router.Handle(new RouterEvent.AdvertReceived(Advert(100, lowerAddress))).ToList();
        var zero = router.Handle(new RouterEvent.AdvertReceived(Advert(0, IPAddress.Parse("192.0.2.9")))).ToList();

        Assert.That(lower.OfType<RouterAction.LowerPriorityHeard>().Single().Source, Is.EqualTo(Peer));
        Assert.That(equalLower.OfType<RouterAction.LowerPriorityHeard>().Single().Source, Is.EqualTo(lowerAddress));
        Assert.That(zero.OfType<RouterAction.LowerPriorityHeard>(), Is.Empty, "priority 0 is a leaving master, not a lower one");
    }

    [Test]
    public void Owner_HearsOwnerPriorityFromHigherAddress_StaysMasterAndSaysSoOnce()
    {
        var time = new FakeTimeProvider();
        var router = new VirtualRouter(Options(255), time);
        router.Handle(new RouterEvent.Startup());
        Assert.That(router.State, Is.EqualTo(RouterState.Master));

        var first = router.Handle(new RouterEvent.AdvertReceived(Advert(255, Peer))).ToList();
        var second = router.Handle(new RouterEvent.AdvertReceived(Advert(255, Peer))).ToList();

        Assert.That(router.State, Is.EqualTo(RouterState.Master));
        Assert.That(first.OfType<RouterAction.ReleaseVips>(), Is.Empty);
        Assert.That(first.OfType<RouterAction.Notice>().Single().Text, Does.Contain("192.0.2.2").And.Contain("255"));
        Assert.That(second, Is.Empty);
    }

    [Test]
    public void NonOwner_HearsEqualPriorityFromHigherAddress_StillYields()
    {
        var (_, router) = Master();

        router.Handle(new RouterEvent.AdvertReceived(Advert(100, Peer)));

        Assert.That(router.State, Is.EqualTo(RouterState.Backup));
    }

    [TestCase(false, true, false)]
    [TestCase(false, false, true)]
    [TestCase(true, true, true)]
    [TestCase(true, false, false)]
    public void FaultTracker_Reverse_FaultsWhileUp(bool reverse, bool up, bool faulted)
    {
        var router = new VirtualRouter(Options(), new FakeTimeProvider());

        router.Handle(RouterEvent.TrackerChanged.For(TrackerId.Interface("eth1"), up, 0, reverse));

        Assert.That(router.IsFaulted, Is.EqualTo(faulted));
    }

    private static bool SameAction(RouterAction a, RouterAction b) =>
        a is RouterAction.AddressListDiffers x && b is RouterAction.AddressListDiffers y
            ? x.Source.Equals(y.Source) && x.Theirs.SequenceEqual(y.Theirs) && x.Ours.SequenceEqual(y.Ours)
            : a.Equals(b);
}
