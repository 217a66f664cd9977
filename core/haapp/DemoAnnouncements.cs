using HaAppliance.Linux.Announce;
using HaAppliance.Vrrp.Router;
using HaAppliance.Vrrp.Simulation;
using Microsoft.Extensions.Logging;

namespace HaAppliance.Cli;

/// <summary>
/// The simulated demo's gratuitous ARPs: each node gets the daemon's own <see cref="GarpScheduler"/> on the LAN's
/// clock with the GARP schedule of its config, so the demo prints the bursts (the second one <c>master_delay</c> later,
/// each frame on its own line) as <c>haapp run</c> logs them. Frames go nowhere: the LAN is simulated.
/// </summary>
internal sealed class DemoAnnouncements : IDisposable
{
    private readonly Dictionary<string, (GarpScheduler Scheduler, InstanceSpec Spec)> _nodes = new(StringComparer.Ordinal);
    private readonly SimulatedLan _lan;
    private readonly DemoTimelinePrinter _printer;

    public DemoAnnouncements(SimulatedLan lan, DemoTimelinePrinter printer)
    {
        _lan = lan;
        _printer = printer;
    }

    /// <summary>Announces for <paramref name="node"/>, which runs <paramref name="spec"/>.</summary>
    public void Add(string node, InstanceSpec spec) =>
        _nodes[node] = (new GarpScheduler(NoFrames.Instance, _lan.TimeProvider, new NodeLogger(this, node)), spec);

    /// <summary>Follows a router's actions as the daemon's VIP reconciler does: announce on taking the VIPs, stop on releasing them.</summary>
    public void Follow(TimelineEntry entry)
    {
        if (!_nodes.TryGetValue(entry.Router, out var node))
        {
            return;
        }

        switch (entry.Action)
        {
            case RouterAction.TakeVips:
                node.Scheduler.BecameMaster(node.Spec.Name, node.Spec.Endpoint.Interface, [.. node.Spec.Vips.Select(v => v.Address)], node.Spec.Garp);
                break;
            case RouterAction.ReleaseVips:
                node.Scheduler.LeftMaster(node.Spec.Name);
                break;
        }
    }

    public void Dispose()
    {
        foreach (var (scheduler, _) in _nodes.Values)
        {
            scheduler.Dispose();
        }
    }

    private sealed class NoFrames : IAnnouncementSender
    {
        public static readonly NoFrames Instance = new();

        public void SendGratuitousArp(string device, System.Net.IPAddress address)
        {
        }

        public void SendUnsolicitedNeighbourAdvert(string device, System.Net.IPAddress address)
        {
        }
    }

    /// <summary>Prints the scheduler's log lines as the node's, at the LAN's elapsed time.</summary>
    private sealed class NodeLogger(DemoAnnouncements owner, string node) : ILogger<GarpScheduler>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner._printer.Note(owner._lan.Elapsed, node, formatter(state, exception));
            }
        }
    }
}
