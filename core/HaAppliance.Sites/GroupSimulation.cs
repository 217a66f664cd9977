using HaAppliance.Vrrp.Router;
using HaAppliance.Vrrp.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace HaAppliance.Sites;

/// <summary>
/// The instances of one virtual router (one <see cref="SegmentKey"/>) as real <see cref="VirtualRouter"/>s on a
/// <see cref="SimulatedLan"/> driven by a fake clock: no loss, a delay of one tick (100 ns), every tracker in its
/// initial state. The delay is not zero so that two Backups whose timers expire at the same instant both become
/// Master and settle by the RFC's tie-break, as on a real wire, instead of the first one processed silencing the other.
/// Failures are applied as the node would see them: a dead node goes silent (no priority 0 advert), a failed
/// check changes its tracker, a link down cuts the router off and puts it in Fault (keepalived faults an
/// instance whose interface is down) and fails every tracker of that interface.
/// </summary>
internal sealed class GroupSimulation : IDisposable
{
    /// <summary>The one-way delay of every simulated link.</summary>
    public static readonly TimeSpan LinkDelay = TimeSpan.FromTicks(1);

    private readonly FakeTimeProvider _time = new();
    private readonly SimulatedLan _lan;
    private readonly IReadOnlyList<SiteInstance> _group;
    private readonly List<string> _isolated = [];

    public GroupSimulation(IReadOnlyList<SiteInstance> group)
    {
        _group = group;
        _lan = new SimulatedLan(_time, seed: 0) { DefaultLink = new LinkProperties(0, LinkDelay) };
        foreach (var instance in group)
        {
            _lan.Add(instance.ToRouterOptions());
        }

        foreach (var instance in group)
        {
            foreach (var t in instance.Trackers)
            {
                _lan.Send(instance.RouterName, t.When(instance.InitiallyHealthy[t.Id]));
            }
        }

        _lan.StartAll();
        Run(Horizon);
    }

    public SimulatedLan Lan => _lan;

    /// <summary>Enough for any election of this group to finish: every Master_Down_Interval and preempt_delay, with room.</summary>
    public TimeSpan Horizon =>
        _group.Max(i => i.Config.PreemptDelay) + 8 * VrrpTimers.FromCentiseconds(_group.Max(i => i.AdvertIntervalCentiseconds)) + TimeSpan.FromSeconds(2);

    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>The instances in Master, in node order.</summary>
    public IReadOnlyList<SiteInstance> Holders => [.. _group.Where(i => _lan[i.RouterName].State == RouterState.Master)];

    public SiteInstance InstanceOf(string routerName) => _group.First(i => i.RouterName == routerName);

    public void Run(TimeSpan duration) => _lan.RunFor(duration, _time.SetUtcNow);

    /// <summary>
    /// Runs until the master's next advert has just reached the backups, so what follows lands right after it: the
    /// worst phase, their Master_Down_Timer having just been reset.
    /// </summary>
    public void RunToMasterAdvert()
    {
        if (_lan.Masters.FirstOrDefault()?.NextDeadline is { } due && due + LinkDelay > Now)
        {
            Run(due + LinkDelay - Now);
        }
    }

    /// <summary>Applies a failure (<paramref name="failed"/> true) or its recovery to this group's routers.</summary>
    public void Apply(FailureTarget target, bool failed)
    {
        foreach (var instance in _group.Where(i => i.Node.Name == target.Node))
        {
            var router = instance.RouterName;
            switch (target.Kind)
            {
                case FailureKind.NodeDown:
                    // Cut off first, so the Shutdown's priority 0 advert goes nowhere: a crash, not a clean stop.
                    Isolate(router, failed);
                    _lan.Send(router, failed ? new RouterEvent.Shutdown() : new RouterEvent.Startup());
                    break;
                case FailureKind.CheckFails:
                    foreach (var t in instance.Trackers.Where(t => t.Kind != SiteTrackerKind.Interface && t.Name == target.Name))
                    {
                        _lan.Send(router, t.When(!failed));
                    }

                    break;
                case FailureKind.LinkDown:
                    if (instance.Config.Interface == target.Name)
                    {
                        Isolate(router, failed);
                        _lan.Send(router, new RouterEvent.TrackerChanged(TrackerId.Link(target.Name), !failed, 0));
                    }

                    foreach (var t in instance.Trackers.Where(t => t.Kind == SiteTrackerKind.Interface && t.Name == target.Name))
                    {
                        _lan.Send(router, t.When(!failed));
                    }

                    break;
            }
        }
    }

    public void Dispose() => _lan.Dispose();

    private void Isolate(string router, bool cut)
    {
        _isolated.Remove(router);
        if (cut)
        {
            _isolated.Add(router);
        }

        _lan.Partition([.. _isolated.Select(r => (IReadOnlyCollection<string>)[r])]);
    }
}
