using System.Net;
using HaAppliance.Vrrp.Router;
using static HaAppliance.Vrrp.Tests.Simulation.Lan;

namespace HaAppliance.Vrrp.Tests.Simulation;

/// <summary>Partitions, trackers and reconfiguration on the simulated LAN.</summary>
public sealed class FailureTests
{
    [Test]
    public void Partition_TwoMasters_HealLeavesHighestAsOnlyMaster()
    {
        var (time, lan) = Create();
        using var _ = lan;
        lan.Add(Options("a", 1, 150));
        lan.Add(Options("b", 2, 120));
        lan.Add(Options("c", 3, 100));
        lan.StartAll();
        time.Run(lan, Seconds(10));
        Assert.That(lan.Masters.Select(r => r.Options.Name), Is.EqualTo(new[] { "a" }));

        lan.Partition(["a"], ["b", "c"]);
        time.Run(lan, Seconds(10));
        Assert.That(lan.Masters.Select(r => r.Options.Name), Is.EqualTo(new[] { "a", "b" }));

        lan.Heal();
        var healedAt = lan.Elapsed;
        time.Run(lan, Seconds(10));

        Assert.That(lan.Masters.Select(r => r.Options.Name), Is.EqualTo(new[] { "a" }));
        // The lower master steps down as soon as it hears the higher one: within one interval plus the link delay.
        Assert.That(lan.Entered("b", RouterState.Backup).Last() - healedAt, Is.LessThanOrEqualTo(Seconds(1) + Link));
        Assert.That(lan.Counters.Blocked, Is.GreaterThan(0));
    }

    [Test]
    public void FlappingWeightedTracker_BackupWithLowerThanMasterBase_NeverTakesOver()
    {
        var (time, lan) = Create();
        using var _ = lan;
        lan.Add(Options("lb1", 1, 101));
        lan.Add(Options("lb2", 2, 100));
        lan.StartAll();
        time.Run(lan, Seconds(5));
        for (var i = 0; i < 40; i++)
        {
            lan.Schedule(Seconds(0.4 * i), "lb1", new RouterEvent.TrackerChanged(TrackerId.Check("chk"), i % 2 == 1, -20));
        }

        time.Run(lan, Seconds(20));

        // Every flip is advertised at once; the 101 adverts keep resetting the backup's timer, so no failover.
        Assert.That(lan.Timeline.Count(e => e.Router == "lb1" && e.Action is RouterAction.PriorityChanged), Is.EqualTo(40));
        Assert.That(lan.Entered("lb2", RouterState.Master), Is.Empty);
        Assert.That(lan["lb2"].Counters.Rejections[AdvertRejection.LowerPriority], Is.GreaterThanOrEqualTo(20));
    }

    [Test]
    public void FaultTracker_MasterFails_SendsPriorityZeroAndBackupTakesOverAfterSkew_ThenPreemptsBack()
    {
        var (time, lan) = Create();
        using var _ = lan;
        lan.Add(Options("lb1", 1, 200));
        lan.Add(Options("lb2", 2, 100));
        lan.StartAll();
        time.Run(lan, Seconds(5));

        lan.Send("lb1", new RouterEvent.TrackerChanged(TrackerId.Link("eth0"), false, 0));
        var failedAt = lan.Elapsed;
        time.Run(lan, Seconds(5));

        Assert.That(lan["lb1"].State, Is.EqualTo(RouterState.Fault));
        Assert.That(lan.Adverts("lb1").Last().Advert.Priority, Is.Zero);
        Assert.That(lan.Entered("lb2", RouterState.Master), Is.EqualTo(new[] { failedAt + Link + lan["lb2"].SkewTime }));
        Assert.That(lan["lb1"].NextDeadline, Is.Null);

        lan.Send("lb1", new RouterEvent.TrackerChanged(TrackerId.Link("eth0"), true, 0));
        var recoveredAt = lan.Elapsed;
        time.Run(lan, Seconds(10));

        Assert.That(lan.Entered("lb1", RouterState.Backup).Last(), Is.EqualTo(recoveredAt));
        Assert.That(lan.Entered("lb1", RouterState.Master).Last(), Is.EqualTo(recoveredAt + Mdi(200)));
        Assert.That(lan.Masters.Select(r => r.Options.Name), Is.EqualTo(new[] { "lb1" }));
    }

    [Test]
    public void Reconfigure_SameSettingsInMaster_NoActionsAndNoAdvertGap()
    {
        var (time, lan) = Create();
        using var _ = lan;
        lan.Add(Options("lb1", 1, 100));
        lan.StartAll();
        time.Run(lan, Seconds(5.5));
        var before = lan.Timeline.Count;

        // A fresh options object with an equal (not the same) address list.
        var actions = lan["lb1"].Reconfigure(Options("lb1", 1, 100) with { VirtualAddresses = [IPAddress.Parse("192.0.2.100")] }).ToList(); // the list is reused by the next event
        time.Run(lan, Seconds(5));

        Assert.That(actions, Is.Empty);
        Assert.That(lan["lb1"].State, Is.EqualTo(RouterState.Master));
        var times = lan.Adverts("lb1").Select(a => a.Elapsed).ToArray();
        Assert.That(times.Zip(times.Skip(1), (a, b) => b - a), Is.All.EqualTo(Seconds(1)));
        Assert.That(lan.Timeline.Skip(before).All(e => e.Action is RouterAction.SendAdvert), Is.True);
    }

    [Test]
    public void Reconfigure_PriorityAndVipsChangedInMaster_AdvertAtOnceWithVipDelta()
    {
        var (time, lan) = Create();
        using var _ = lan;
        lan.Add(Options("lb1", 1, 100));
        lan.StartAll();
        time.Run(lan, Seconds(5.5));

        var extra = IPAddress.Parse("192.0.2.101");
        var actions = lan["lb1"].Reconfigure(Options("lb1", 1, 120) with { VirtualAddresses = [extra] });

        Assert.That(actions.OfType<RouterAction.PriorityChanged>().Single(), Is.EqualTo(new RouterAction.PriorityChanged(100, 120, "reconfigured")));
        var delta = actions.OfType<RouterAction.VipsChanged>().Single();
        Assert.That(delta.Added, Is.EqualTo(new[] { extra }));
        Assert.That(delta.Removed, Is.EqualTo(new[] { IPAddress.Parse("192.0.2.100") }));
        var advert = actions.OfType<RouterAction.SendAdvert>().Single();
        Assert.That(advert.Priority, Is.EqualTo(120));
        Assert.That(advert.Addresses, Is.EqualTo(new[] { extra }));
        Assert.That(lan["lb1"].NextDeadline, Is.EqualTo(time.GetUtcNow() + Seconds(1)));
    }

    [Test]
    public void Reconfigure_DifferentVrid_Throws()
    {
        var (_, lan) = Create();
        using var __ = lan;
        lan.Add(Options("lb1", 1, 100));
        lan.StartAll();

        Assert.That(() => lan["lb1"].Reconfigure(Options("lb1", 1, 100) with { Vrid = 52 }), Throws.ArgumentException.With.Message.Contains("restart"));
    }
}
