using HaAppliance.Vrrp.Router;
using static HaAppliance.Vrrp.Tests.Simulation.Lan;

namespace HaAppliance.Vrrp.Tests.Simulation;

/// <summary>Preempt_Mode, nopreempt, preempt_delay and the fast preemption option.</summary>
public sealed class PreemptionTests
{
    private static (Microsoft.Extensions.Time.Testing.FakeTimeProvider, HaAppliance.Vrrp.Simulation.SimulatedLan) LowMasterThenHigh(RouterOptions high)
    {
        var (time, lan) = Create();
        lan.Add(Options("low", 1, 50));
        lan.Add(high);
        lan.Send("low", new RouterEvent.Startup());
        time.Run(lan, Seconds(10));
        lan.Send(high.Name, new RouterEvent.Startup());
        return (time, lan);
    }

    [Test]
    public void HigherBackup_PreemptOn_TakesOverAtItsMasterDownInterval()
    {
        var (time, lan) = LowMasterThenHigh(Options("high", 2, 200));
        using var _ = lan;
        time.Run(lan, Seconds(20));

        // RFC 9568 §6.4.2: lower priority adverts are discarded, so the timer armed at startup runs out.
        Assert.That(lan.Entered("high", RouterState.Master), Is.EqualTo(new[] { Seconds(10) + Mdi(200) }));
        Assert.That(lan.Entered("low", RouterState.Backup).Last(), Is.EqualTo(Seconds(10) + Mdi(200) + Link));
        Assert.That(lan["high"].Counters.Rejections[AdvertRejection.LowerPriority], Is.EqualTo(3));
        var takeover = (RouterAction.StateChanged)lan.Timeline.First(e => e.Router == "high" && e.Action is RouterAction.StateChanged { To: RouterState.Master }).Action;
        Assert.That(takeover.Reason, Is.EqualTo("master down timer expired (preempting lower priority 50 from 192.0.2.1)"));
    }

    [Test]
    public void HigherBackup_NoPreempt_StaysBackup()
    {
        var (time, lan) = LowMasterThenHigh(Options("high", 2, 200) with { Preempt = false });
        using var _ = lan;
        time.Run(lan, Seconds(60));

        Assert.That(lan.Masters.Select(r => r.Options.Name), Is.EqualTo(new[] { "low" }));
        Assert.That(lan["high"].Counters.Rejections.ContainsKey(AdvertRejection.LowerPriority), Is.False);
        Assert.That(lan["high"].MasterAddress?.ToString(), Is.EqualTo("192.0.2.1"));
    }

    [Test]
    public void HigherBackup_PreemptDelay_AcceptsLowerAdvertsUntilDelayThenPreempts()
    {
        var (time, lan) = LowMasterThenHigh(Options("high", 2, 200) with { PreemptDelay = Seconds(5) });
        using var _ = lan;
        time.Run(lan, Seconds(30));

        // The first advert heard starts the delay; adverts keep resetting the timer until it ends; then the last
        // accepted advert's Master_Down_Interval runs out.
        var arrivals = lan.Adverts("low").Select(a => a.Elapsed + Link).Where(t => t >= Seconds(10)).ToArray();
        var delayEnds = arrivals[0] + Seconds(5);
        var lastAccepted = arrivals.Last(t => t < delayEnds);
        Assert.That(lan.Entered("high", RouterState.Master), Is.EqualTo(new[] { lastAccepted + Mdi(200) }));
        Assert.That(lastAccepted + Mdi(200), Is.GreaterThan(Seconds(10) + Mdi(200)));
    }

    [Test]
    public void PriorityDrop_RfcDefault_BackupWaitsMasterDownInterval()
    {
        var (time, lan, dropAt) = MasterLosesPriority(fastPreempt: false);
        using var _ = lan;

        var lastAccepted = lan.Adverts("lb1").Where(a => a.Advert.Priority == 101).Last().Elapsed + Link;
        Assert.That(lan.Entered("lb2", RouterState.Master), Is.EqualTo(new[] { lastAccepted + Mdi(100) }));
        Assert.That(lan.Entered("lb2", RouterState.Master)[0] - dropAt, Is.GreaterThan(Seconds(2)));
        GC.KeepAlive(time);
    }

    [Test]
    public void PriorityDrop_FastPreempt_BackupTakesOverOnFirstLowerAdvert()
    {
        var (time, lan, dropAt) = MasterLosesPriority(fastPreempt: true);
        using var _ = lan;

        // The master advertises its new priority at once; the backup takes over when that advert arrives.
        Assert.That(lan.Entered("lb2", RouterState.Master), Is.EqualTo(new[] { dropAt + Link }));
        Assert.That(lan.Entered("lb1", RouterState.Backup).Last(), Is.EqualTo(dropAt + Link + Link));
        Assert.That(lan.Masters.Select(r => r.Options.Name), Is.EqualTo(new[] { "lb2" }));
        var change = (RouterAction.StateChanged)lan.Timeline.First(e => e.Router == "lb2" && e.Action is RouterAction.StateChanged { To: RouterState.Master }).Action;
        Assert.That(change.Cause, Is.EqualTo(StateChangeCause.FastPreemption));
        GC.KeepAlive(time);
    }

    private static (Microsoft.Extensions.Time.Testing.FakeTimeProvider, HaAppliance.Vrrp.Simulation.SimulatedLan, TimeSpan) MasterLosesPriority(bool fastPreempt)
    {
        var (time, lan) = Create();
        lan.Add(Options("lb1", 1, 101) with { FastPreempt = fastPreempt });
        lan.Add(Options("lb2", 2, 100) with { FastPreempt = fastPreempt });
        lan.StartAll();
        var dropAt = Seconds(5.25);
        lan.Schedule(dropAt, "lb1", new RouterEvent.TrackerChanged(TrackerId.Check("chk_nginx"), false, -20));
        time.Run(lan, Seconds(20));
        Assert.That(lan.Timeline.Any(e => e.Router == "lb1" && e.Action is RouterAction.PriorityChanged { From: 101, To: 81 }), Is.True);
        Assert.That(lan.Adverts("lb1").Any(a => a.Elapsed == dropAt && a.Advert.Priority == 81), Is.True, "advert at once on priority change");
        return (time, lan, dropAt);
    }
}
