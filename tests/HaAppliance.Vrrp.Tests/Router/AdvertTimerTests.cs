using System.Net;
using HaAppliance.Vrrp.Router;
using Microsoft.Extensions.Time.Testing;

namespace HaAppliance.Vrrp.Tests.Router;

/// <summary>The Master's advert rhythm: on the previous deadline (no drift), never a burst after a stall, monotonic.</summary>
public sealed class AdvertTimerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    private static (FakeTimeProvider Time, VirtualRouter Router) Master(TimeProvider? clock = null, FakeTimeProvider? fake = null, bool align = false)
    {
        var time = fake ?? new FakeTimeProvider();
        var router = Owner(51, clock ?? time, align);
        Assert.That(router.State, Is.EqualTo(RouterState.Master), "the address owner starts as Master");
        return (time, router);
    }

    private static VirtualRouter Owner(byte vrid, TimeProvider time, bool align)
    {
        var router = new VirtualRouter(new RouterOptions
        {
            Name = $"VI_{vrid}",
            Vrid = vrid,
            Version = VrrpVersion.V3,
            Priority = 255,
            AdvertIntervalCentiseconds = 1,
            PrimaryAddress = IPAddress.Parse("192.0.2.1"),
            VirtualAddresses = [IPAddress.Parse("192.0.2.1")],
            AlignAdverts = align,
        }, time);
        router.Handle(new RouterEvent.Startup());
        return router;
    }

    private static int Adverts(IReadOnlyList<RouterAction> actions) => actions.Count(a => a is RouterAction.SendAdvert);

    [Test]
    public void TimerFired_LateByAMillisecondEachTime_NoDriftOver10000Intervals()
    {
        var (time, router) = Master();
        var start = time.GetTimestamp();
        var sent = 0;
        for (var i = 0; i < 10_000; i++)
        {
            // The loop wakes up late every time (a busy machine); the rhythm must not slow down by that much.
            time.Advance(router.DueIn!.Value + TimeSpan.FromMilliseconds(1));
            sent += Adverts(router.Handle(new RouterEvent.TimerFired()));
        }

        var elapsed = time.GetElapsedTime(start);
        Assert.That(sent, Is.EqualTo(10_000));
        // The next deadline is start + 10,001 intervals: it does not carry 10,000 ms of accumulated lateness.
        Assert.That(elapsed + router.DueIn!.Value, Is.EqualTo(Interval * 10_001));
    }

    [Test]
    public void TimerFired_AfterAStallOfFiveIntervals_SendsOneAdvertAndRestartsTheRhythm()
    {
        var (time, router) = Master();
        time.Advance(router.DueIn!.Value);
        router.Handle(new RouterEvent.TimerFired());

        time.Advance(Interval * 5.5);
        var sent = Adverts(router.Handle(new RouterEvent.TimerFired()));

        Assert.That(sent, Is.EqualTo(1), "no catch-up burst");
        Assert.That(router.DueIn, Is.EqualTo(Interval), "the next advert one interval after the late one");
    }

    [Test]
    public void TimerFired_SteadyState_AllocatesNothingPerAdvert()
    {
        // A clock that is only a number: FakeTimeProvider.Advance itself may allocate.
        var clock = new CountingClock();
        var (_, router) = Master(clock);
        var timer = new RouterEvent.TimerFired();
        for (var i = 0; i < 100; i++)
        {
            clock.Ticks += router.DueIn!.Value.Ticks;
            router.Handle(timer);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var sent = 0;
        for (var i = 0; i < 1_000; i++)
        {
            clock.Ticks += router.DueIn!.Value.Ticks;
            var actions = router.Handle(timer);
            sent += actions.Count;
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero, "bytes allocated for 1,000 adverts");
        Assert.That(sent, Is.EqualTo(1_000));
    }

    [Test]
    public void AlignAdverts_64MastersStartingAtScatteredTimes_ShareAQuarterIntervalGridWithoutALongGap()
    {
        // Masters that start anywhere in an interval: after their first advert, every advert falls on one of the four
        // quarter-interval instants they all share, so a host serving them all wakes at most 4 times per interval.
        var time = new FakeTimeProvider();
        var quarter = Interval / 4;
        var routers = new List<VirtualRouter>();
        var sends = new List<(int Router, TimeSpan At)>();
        for (var i = 0; i < 64; i++)
        {
            time.Advance(TimeSpan.FromMicroseconds(50 + (i * 37 % 100))); // all 64 within one interval
            routers.Add(Owner((byte)(i + 1), time, align: true));
            sends.Add((i, MonotonicClock.Now(time)));
        }

        var end = MonotonicClock.Now(time) + (Interval * 1_000);
        while (routers.Min(r => r.MonotonicDeadline!.Value) is var next && next < end)
        {
            time.Advance(next - MonotonicClock.Now(time));
            for (var i = 0; i < routers.Count; i++)
            {
                if (routers[i].DueIn <= TimeSpan.Zero)
                {
                    Assert.That(Adverts(routers[i].Handle(new RouterEvent.TimerFired())), Is.EqualTo(1));
                    sends.Add((i, next));
                }
            }
        }

        foreach (var router in sends.GroupBy(s => s.Router))
        {
            var at = router.Select(s => s.At).ToList();
            var gaps = at.Zip(at.Skip(1), (a, b) => b - a).ToList();
            Assert.That(gaps[0], Is.GreaterThan(Interval * 0.75).And.LessThanOrEqualTo(Interval), $"router {router.Key}: first gap");
            Assert.That(gaps.Skip(1), Is.All.EqualTo(Interval), $"router {router.Key}: then the rhythm");
            Assert.That(at.Skip(1).Select(t => t.Ticks % quarter.Ticks), Is.All.Zero, $"router {router.Key}: on the grid");
        }

        var instants = sends.Where((s, i) => i >= routers.Count).Select(s => s.At).Distinct().Count();
        Assert.That(instants, Is.LessThanOrEqualTo(4 * 1_001), "distinct send instants over 1,000 intervals");
        Assert.That(sends.Count - routers.Count, Is.GreaterThanOrEqualTo(64 * 999));
    }

    [Test]
    public void AlignAdverts_AfterAStallOfFiveIntervals_OneAdvertThenTheNextOnTheGridWithinOneInterval()
    {
        var (time, router) = Master(align: true);
        time.Advance(router.DueIn!.Value);
        router.Handle(new RouterEvent.TimerFired());

        time.Advance(Interval * 5.3);
        var sent = Adverts(router.Handle(new RouterEvent.TimerFired()));

        Assert.That(sent, Is.EqualTo(1), "no catch-up burst");
        Assert.That(router.DueIn, Is.GreaterThan(Interval * 0.75).And.LessThanOrEqualTo(Interval));
        Assert.That(router.MonotonicDeadline!.Value.Ticks % (Interval / 4).Ticks, Is.Zero, "back on the grid");
    }

    [TestCase(-3600)]
    [TestCase(3600)]
    public void DueIn_WallClockStepped_FollowsMonotonicTime(int seconds)
    {
        var fake = new FakeTimeProvider();
        var clock = new SteppableClock(fake);
        var (_, router) = Master(clock, fake);
        var due = router.DueIn!.Value;

        clock.StepWall(TimeSpan.FromSeconds(seconds));

        Assert.That(router.DueIn, Is.EqualTo(due), "a wall-clock step moves no deadline");
        fake.Advance(due);
        Assert.That(Adverts(router.Handle(new RouterEvent.TimerFired())), Is.EqualTo(1));
    }

    private sealed class CountingClock : TimeProvider
    {
        public long Ticks { get; set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Ticks;
    }
}
