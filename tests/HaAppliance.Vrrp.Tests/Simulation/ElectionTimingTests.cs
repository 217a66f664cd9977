using HaAppliance.Vrrp.Router;
using static HaAppliance.Vrrp.Tests.Simulation.Lan;

namespace HaAppliance.Vrrp.Tests.Simulation;

/// <summary>Exact protocol timings on the simulated LAN, driven by a fake clock.</summary>
public sealed class ElectionTimingTests
{
    [TestCase(VrrpVersion.V3, 100, 100, 3.609375)]
    [TestCase(VrrpVersion.V2, 100, 100, 3.609375)]
    [TestCase(VrrpVersion.V3, 100, 200, 7.21875)]
    [TestCase(VrrpVersion.V2, 100, 200, 6.609375)]
    [TestCase(VrrpVersion.V3, 254, 100, 3.0078125)]
    public void LoneBackup_MasterDownTimerExpires_BecomesMasterAtExactlyMasterDownInterval(VrrpVersion version, int priority, int intervalCs, double seconds)
    {
        var (time, lan) = Create();
        using var _ = lan;
        lan.Add(Options("lb1", 1, (byte)priority, intervalCs, version));
        lan.StartAll();

        time.Run(lan, TimeSpan.FromSeconds(seconds) - TimeSpan.FromTicks(1));
        Assert.That(lan["lb1"].State, Is.EqualTo(RouterState.Backup));
        time.Run(lan, TimeSpan.FromTicks(1));

        Assert.That(lan["lb1"].State, Is.EqualTo(RouterState.Master));
        Assert.That(lan.Entered("lb1", RouterState.Master), Is.EqualTo(new[] { TimeSpan.FromSeconds(seconds) }));
    }

    [Test]
    public void Master_Steady_AdvertisesEveryInterval()
    {
        var (time, lan) = Create();
        using var _ = lan;
        lan.Add(Options("lb1", 1, 100, intervalCs: 50));
        lan.StartAll();
        time.Run(lan, Seconds(10));

        var times = lan.Adverts("lb1").Select(a => a.Elapsed).ToArray();
        var becameMaster = lan.Entered("lb1", RouterState.Master).Single();
        Assert.That(times[0], Is.EqualTo(becameMaster));
        Assert.That(times.Zip(times.Skip(1), (a, b) => b - a), Is.All.EqualTo(TimeSpan.FromMilliseconds(500)));
    }

    [Test]
    public void TwoRouters_HigherPriority_WinsAndOtherStaysBackup()
    {
        var (time, lan) = Create();
        using var _ = lan;
        lan.Add(Options("lb1", 1, 101));
        lan.Add(Options("lb2", 2, 100));
        lan.StartAll();
        time.Run(lan, Seconds(30));

        Assert.That(lan.Masters.Select(r => r.Options.Name), Is.EqualTo(new[] { "lb1" }));
        Assert.That(lan.Entered("lb1", RouterState.Master), Is.EqualTo(new[] { Mdi(101) }));
        Assert.That(lan.Entered("lb2", RouterState.Master), Is.Empty);
        Assert.That(lan["lb2"].MasterAddress?.ToString(), Is.EqualTo("192.0.2.1"));
    }

    [Test]
    public void V3Backup_MasterAdvertisesFaster_LearnsMasterAdverInterval()
    {
        var (time, lan) = Create();
        using var _ = lan;
        lan.Add(Options("fast", 1, 200, intervalCs: 50));
        lan.Add(Options("slow", 2, 100, intervalCs: 100));
        lan.StartAll();
        time.Run(lan, Seconds(10));
        Assert.That(lan["slow"].MasterAdverIntervalCentiseconds, Is.EqualTo(50));

        // Silence the master: the backup must time out after 3 * 0.5 s + skew(0.5 s), counted from the last advert.
        var lastAdvert = lan.Adverts("fast").Last().Elapsed;
        lan.Partition(["fast"], ["slow"]);
        time.Run(lan, Seconds(10));

        Assert.That(lan.Entered("slow", RouterState.Master), Is.EqualTo(new[] { lastAdvert + Link + Mdi(100, 50) }));
    }

    [Test]
    public void Owner_Startup_BecomesMasterAtOnce()
    {
        var (time, lan) = Create();
        using var _ = lan;
        lan.Add(Options("other", 2, 254));
        lan.Add(Options("owner", 1, 255));
        lan.StartAll();
        time.Run(lan, Seconds(20));

        Assert.That(lan.Entered("owner", RouterState.Master), Is.EqualTo(new[] { TimeSpan.Zero }));
        Assert.That(lan.Adverts("owner")[0].Advert.Priority, Is.EqualTo(255));
        Assert.That(lan.Entered("other", RouterState.Master), Is.Empty);
    }

    [Test]
    public void Shutdown_MasterSendsPriorityZero_BackupTakesOverAfterSkewTimeOnly()
    {
        var (time, lan) = Create();
        using var _ = lan;
        lan.Add(Options("lb1", 1, 200));
        lan.Add(Options("lb2", 2, 100));
        lan.StartAll();
        time.Run(lan, Seconds(10));

        lan.Send("lb1", new RouterEvent.Shutdown());
        time.Run(lan, Seconds(10));

        Assert.That(lan.Adverts("lb1").Last().Advert.Priority, Is.Zero);
        Assert.That(lan.Entered("lb2", RouterState.Master), Is.EqualTo(new[] { Seconds(10) + Link + lan["lb2"].SkewTime }));
        Assert.That(lan["lb1"].State, Is.EqualTo(RouterState.Initialize));
        var takeover = lan.Timeline.Last(e => e.Router == "lb2" && e.Action is RouterAction.StateChanged).Action;
        Assert.That(((RouterAction.StateChanged)takeover).Reason, Is.EqualTo("master down timer expired after priority 0 advert from 192.0.2.1"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void EqualPriorities_BothTimeOut_HigherAddressWins(bool higherAddedFirst)
    {
        var (time, lan) = Create();
        using var _ = lan;
        if (higherAddedFirst)
        {
            lan.Add(Options("high", 2, 100));
            lan.Add(Options("low", 1, 100));
        }
        else
        {
            lan.Add(Options("low", 1, 100));
            lan.Add(Options("high", 2, 100));
        }

        lan.StartAll();
        time.Run(lan, Seconds(30));

        // Both timers expire together, both become master, and RFC 9568 §6.4.3's tie-break leaves the higher address.
        Assert.That(lan.Entered("low", RouterState.Master), Has.Length.EqualTo(1));
        Assert.That(lan.Entered("low", RouterState.Backup), Has.Length.EqualTo(2));
        Assert.That(lan.Masters.Select(r => r.Options.Name), Is.EqualTo(new[] { "high" }));
    }

    [Test]
    public void StartAsMaster_NoOtherRouter_TakesOverAfterOneIntervalPlusMinimumSkew()
    {
        var (time, lan) = Create();
        using var _ = lan;
        lan.Add(Options("lb1", 1, 100) with { StartAsMaster = true });
        lan.StartAll();
        time.Run(lan, Seconds(5));

        Assert.That(lan.Entered("lb1", RouterState.Backup), Is.EqualTo(new[] { TimeSpan.Zero }));
        Assert.That(lan.Entered("lb1", RouterState.Master), Is.EqualTo(new[] { Seconds(1) + VrrpTimers.MinimumSkewTime(VrrpVersion.V3, 100) }));
    }

    [Test]
    public void StartAsMaster_HigherMasterRunning_StaysBackup()
    {
        var (time, lan) = Create();
        using var _ = lan;
        lan.Add(Options("lb2", 2, 200));
        lan.Add(Options("lb1", 1, 100) with { StartAsMaster = true });
        lan.Send("lb2", new RouterEvent.Startup());
        time.Run(lan, Seconds(10));
        lan.Send("lb1", new RouterEvent.Startup());
        time.Run(lan, Seconds(10));

        Assert.That(lan.Entered("lb1", RouterState.Master), Is.Empty);
    }
}
