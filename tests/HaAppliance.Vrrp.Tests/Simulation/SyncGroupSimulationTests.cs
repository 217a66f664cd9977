using HaAppliance.Vrrp.Router;
using HaAppliance.Vrrp.Simulation;
using static HaAppliance.Vrrp.Tests.Simulation.Lan;

namespace HaAppliance.Vrrp.Tests.Simulation;

/// <summary>keepalived's sync group rules (<see cref="SyncGroup"/>) on the simulated LAN, with fake time.</summary>
public sealed class SyncGroupSimulationTests
{
    [Test]
    public void SplitElection_BothMembersEndOnOneNode()
    {
        var (time, lan) = Create();
        using var _ = lan;
        AddNode(lan, "A", 1, [150, 150]);
        AddNode(lan, "B", 2, [200, 100]);
        lan.StartAll();
        time.Run(lan, Seconds(30));

        AssertTogether(lan, 2);
        var holds = lan.Timeline.Count(e => e.Action is RouterAction.StateChanged);
        time.Run(lan, Seconds(60));
        Assert.That(lan.Timeline.Count(e => e.Action is RouterAction.StateChanged), Is.EqualTo(holds), "nothing moves once settled");
    }

    [Test]
    public void CoordinatorReportsTheGroupTransitionWithTheMemberThatCausedIt()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var group = new SyncGroup("G");
        var vi1 = new VirtualRouter(Options("VI_1", 1, 200), time);
        var vi2 = new VirtualRouter(Options("VI_2", 1, 100) with { Vrid = 52 }, time);
        group.Add(vi1);
        group.Add(vi2);
        vi1.Handle(new RouterEvent.Startup());
        vi2.Handle(new RouterEvent.Startup());

        // VI_1's timer fires first: VI_2 does not want Master yet, so VI_1 stays Backup.
        time.Advance(Mdi(200));
        var held = group.Follow(vi1, new RouterEvent.TimerFired(), vi1.Handle(new RouterEvent.TimerFired()));
        Assert.That(vi1.State, Is.EqualTo(RouterState.Backup));
        Assert.That(vi1.WantsMaster, Is.True);
        Assert.That(held.Notes, Has.One.Contains("(VI_1) wants MASTER but VI_2 is BACKUP"));

        // Held again one Master_Down_Interval later: the wait goes on, and the log says it once only.
        time.Advance(Mdi(200));
        var again = group.Follow(vi1, new RouterEvent.TimerFired(), vi1.Handle(new RouterEvent.TimerFired()));
        Assert.That(vi1.State, Is.EqualTo(RouterState.Backup));
        Assert.That(again.Notes, Is.Empty);

        // VI_2's fires: everyone wants it; VI_2 goes Master and VI_1 follows at once.
        time.Advance(Mdi(100) - Mdi(200));
        var up = group.Follow(vi2, new RouterEvent.TimerFired(), vi2.Handle(new RouterEvent.TimerFired()));
        Assert.That(vi2.State, Is.EqualTo(RouterState.Master));
        Assert.That(up.Events, Has.One.Matches<(VirtualRouter Member, RouterEvent Event)>(e => e.Member == vi1 && e.Event is RouterEvent.SyncMaster));
        var followed = group.Follow(vi1, up.Events[0].Event, vi1.Handle(up.Events[0].Event));
        Assert.That(vi1.State, Is.EqualTo(RouterState.Master));
        Assert.That(followed.Transition, Is.EqualTo(new SyncGroupTransition("G", RouterState.Backup, RouterState.Master, "VI_2", "master down timer expired")));
    }

    [Test]
    public void SeededRunsWithLoss_AllMembersAreMasterOnOneNode([Range(1, 20)] int seed)
    {
        var random = new Random(seed);
        var members = random.Next(2, 5);
        var (time, lan) = Create(seed);
        using var _ = lan;
        AddNode(lan, "A", 1, Enumerable.Range(0, members).Select(_ => (byte)random.Next(1, 255)).ToArray());
        AddNode(lan, "B", 2, Enumerable.Range(0, members).Select(_ => (byte)random.Next(1, 255)).ToArray());
        lan.DefaultLink = new LinkProperties(random.NextDouble() * 0.2, TimeSpan.FromMilliseconds(random.Next(0, 50)));
        lan.StartAll();
        time.Run(lan, Seconds(20));

        // Settle without loss: the invariant is about the end state, not about a lossy instant.
        lan.DefaultLink = LinkProperties.Default;
        time.Run(lan, Seconds(20));
        AssertTogether(lan, members);
    }

    private static void AddNode(SimulatedLan lan, string node, int host, byte[] priorities)
    {
        var names = new List<string>();
        for (var i = 0; i < priorities.Length; i++)
        {
            var name = $"{node}/VI_{i + 1}";
            lan.Add(Options(name, host, priorities[i]) with { Vrid = (byte)(51 + i) });
            names.Add(name);
        }

        lan.SyncGroup($"{node}/G", [.. names]);
    }

    private static void AssertTogether(SimulatedLan lan, int members)
    {
        var masters = lan.Masters.Select(r => r.Options.Name).ToList();
        var text = string.Join(", ", lan.Routers.Select(r => $"{r.Options.Name} {r.State} {r.Options.Priority}"));
        Assert.That(masters, Has.Count.EqualTo(members), text);
        Assert.That(masters.Select(m => m.Split('/')[0]).Distinct().Count(), Is.EqualTo(1), text);
    }
}
