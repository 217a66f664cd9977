using HaAppliance.Vrrp.Router;
using HaAppliance.Vrrp.Simulation;
using Microsoft.Extensions.Time.Testing;
using static HaAppliance.Vrrp.Tests.Simulation.Lan;

namespace HaAppliance.Vrrp.Tests.Simulation;

/// <summary>The LAN itself: delivery, loss, segments, determinism.</summary>
public sealed class SimulatedLanTests
{
    private static string[] RunLossy(int seed)
    {
        var time = new FakeTimeProvider();
        using var lan = new SimulatedLan(time, seed) { DefaultLink = new LinkProperties(0.5, TimeSpan.FromMilliseconds(3)) };
        lan.Add(Options("a", 1, 100));
        lan.Add(Options("b", 2, 100));
        lan.Add(Options("c", 3, 90));
        lan.StartAll();
        time.Run(lan, Seconds(120));
        return lan.Timeline.Select(e => $"{e.Elapsed.Ticks} {e.Router} {e.Action}").ToArray();
    }

    [Test]
    public void Run_SameSeed_SameTimeline()
    {
        var first = RunLossy(7);
        var second = RunLossy(7);
        Assert.That(second, Is.EqualTo(first));
        Assert.That(first.Any(l => l.Contains("To = Master", StringComparison.Ordinal)), Is.True);
    }

    [Test]
    public void Run_DifferentSeed_DifferentLossPattern()
    {
        Assert.That(RunLossy(7), Is.Not.EqualTo(RunLossy(8)));
    }

    [Test]
    public void Link_TotalLoss_NothingDeliveredSoBothBecomeMaster()
    {
        var (time, lan) = Create();
        using var _ = lan;
        lan.DefaultLink = new LinkProperties(1, TimeSpan.Zero);
        lan.Add(Options("a", 1, 200));
        lan.Add(Options("b", 2, 100));
        lan.StartAll();
        time.Run(lan, Seconds(10));

        Assert.That(lan.Masters, Has.Count.EqualTo(2));
        Assert.That(lan.Counters.Delivered, Is.Zero);
        Assert.That(lan.Counters.Lost, Is.EqualTo(lan.Counters.Sent));
    }

    [Test]
    public void Link_OneDirectionLost_OnlyThatDirectionIsDeaf()
    {
        var (time, lan) = Create();
        using var _ = lan;
        lan.Add(Options("a", 1, 200));
        lan.Add(Options("b", 2, 100));
        lan.SetLink("a", "b", new LinkProperties(1, TimeSpan.Zero));
        lan.StartAll();
        time.Run(lan, Seconds(20));

        // b never hears a, so takes over; a hears b's lower adverts and answers at once, still unheard.
        Assert.That(lan.Masters, Has.Count.EqualTo(2));
        Assert.That(lan["a"].Counters.AdvertsReceived, Is.GreaterThan(0));
        Assert.That(lan["b"].Counters.AdvertsReceived, Is.Zero);
    }

    [Test]
    public void Delay_Configured_AdvertArrivesThatMuchLater()
    {
        var (time, lan) = Create();
        using var _ = lan;
        lan.DefaultLink = new LinkProperties(0, TimeSpan.FromMilliseconds(250));
        lan.Add(Options("a", 1, 200));
        lan.Add(Options("b", 2, 100));
        lan.StartAll();
        time.Run(lan, Seconds(10));
        lan.Send("a", new RouterEvent.Shutdown());
        var shutdownAt = lan.Elapsed;
        time.Run(lan, Seconds(5));

        Assert.That(lan.Entered("b", RouterState.Master), Is.EqualTo(new[] { shutdownAt + TimeSpan.FromMilliseconds(250) + lan["b"].SkewTime }));
    }

    [Test]
    public void Segments_Different_RoutersDoNotHearEachOther()
    {
        var (time, lan) = Create();
        using var _ = lan;
        lan.Add(Options("a", 1, 200), segment: "left");
        lan.Add(Options("b", 2, 100), segment: "right");
        lan.StartAll();
        time.Run(lan, Seconds(10));

        Assert.That(lan.Masters, Has.Count.EqualTo(2));
        Assert.That(lan.Counters.Blocked, Is.EqualTo(lan.Counters.Sent));
    }

    [Test]
    public void Add_DuplicateName_Throws()
    {
        var (_, lan) = Create();
        using var __ = lan;
        lan.Add(Options("a", 1, 200));
        Assert.That(() => lan.Add(Options("a", 2, 100)), Throws.ArgumentException.With.Message.Contains("'a'"));
        Assert.That(() => lan.Send("nobody", new RouterEvent.Startup()), Throws.ArgumentException.With.Message.Contains("'nobody'"));
    }

    [TestCase(-0.1)]
    [TestCase(1.5)]
    [TestCase(double.NaN)]
    public void DefaultLink_BadLoss_Throws(double loss)
    {
        var (_, lan) = Create();
        using var __ = lan;
        Assert.That(() => lan.DefaultLink = new LinkProperties(loss, TimeSpan.Zero), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Schedule_Step_RunsAtItsTimeInOrder()
    {
        var (time, lan) = Create();
        using var _ = lan;
        var seen = new List<(string, TimeSpan)>();
        lan.Schedule(Seconds(2), () => seen.Add(("second", lan.Elapsed)));
        lan.Schedule(Seconds(1), () => seen.Add(("first", lan.Elapsed)));
        lan.Schedule(Seconds(2), () => seen.Add(("third", lan.Elapsed)));
        time.Run(lan, Seconds(3));

        Assert.That(seen, Is.EqualTo(new[] { ("first", Seconds(1)), ("second", Seconds(2)), ("third", Seconds(2)) }));
        Assert.That(lan.Elapsed, Is.EqualTo(Seconds(3)));
    }
}
