namespace HaAppliance.Vrrp.Router;

/// <summary>A change of a sync group's state, with the member whose own event caused it.</summary>
/// <param name="Group">The group's name.</param>
/// <param name="From">The group's state before.</param>
/// <param name="To">The group's state now.</param>
/// <param name="Member">The member whose event (a timer, an advert, a tracker) started the change.</param>
/// <param name="Reason">That member's reason.</param>
public sealed record SyncGroupTransition(string Group, RouterState From, RouterState To, string Member, string Reason);

/// <summary>What a host does after a member's event: deliver <paramref name="Events"/> in order, log <paramref name="Notes"/>.</summary>
/// <param name="Events">Events for other members (<see cref="RouterEvent.SyncMaster"/>, <see cref="RouterEvent.SyncBackup"/>).</param>
/// <param name="Notes">Human sentences: members the group held back.</param>
/// <param name="Transition">The group's state change, when the event completed one.</param>
public sealed record SyncFollowUp(IReadOnlyList<(VirtualRouter Member, RouterEvent Event)> Events, IReadOnlyList<string> Notes, SyncGroupTransition? Transition);

/// <summary>
/// keepalived's vrrp_sync_group rules, pure: no I/O, no clock. A member may become Master only when every other
/// member wants it too (else it stays Backup and re-arms its timer); a member that becomes Master brings the
/// others along at once; a Master that goes to Backup takes the others to Backup. (Faults are shared by the host
/// through <see cref="TrackerKind.SyncGroup"/> trackers.) The simulated LAN and the daemon's event loop both use it:
/// after each event of a member they call <see cref="Follow"/> and deliver what it returns.
/// </summary>
public sealed class SyncGroup(string name)
{
    private readonly List<VirtualRouter> _members = [];
    private readonly List<string> _notes = [];
    private (string Member, string Reason)? _cause;

    /// <summary>The group's name.</summary>
    public string Name { get; } = name;

    /// <summary>The members, in the order they joined.</summary>
    public IReadOnlyList<VirtualRouter> Members => _members;

    /// <summary>Fault when any member is, Master when all are, Initialize when all are, else Backup.</summary>
    public RouterState State { get; private set; } = RouterState.Initialize;

    /// <summary>Adds a router; a router belongs to one group at most.</summary>
    public void Add(VirtualRouter router)
    {
        ArgumentNullException.ThrowIfNull(router);
        if (router.SyncGroup is { } other && other != this)
        {
            throw new ArgumentException($"Router {router.Options.Name} is already in sync group {other.Name}.", nameof(router));
        }

        router.SyncGroup = this;
        if (!_members.Contains(router))
        {
            _members.Add(router);
        }
    }

    /// <summary>Removes a router (it left the configuration).</summary>
    public void Remove(VirtualRouter router)
    {
        ArgumentNullException.ThrowIfNull(router);
        if (_members.Remove(router))
        {
            router.SyncGroup = null;
        }
    }

    /// <summary>
    /// keepalived's "only sync to master if everyone wants to": true when every other member wants Master.
    /// <paramref name="say"/>: note a refusal (the first of a wait, not each re-armed timer of a long one).
    /// </summary>
    internal bool MayBecomeMaster(VirtualRouter member, bool say)
    {
        var holding = _members.FirstOrDefault(m => m != member && !m.WantsMaster);
        if (holding is null || !say)
        {
            return holding is null;
        }

        _notes.Add($"VRRP_Group({Name}) ({member.Options.Name}) wants MASTER but {holding.Options.Name} is {holding.State.ToString().ToUpperInvariant()}: staying BACKUP");
        return false;
    }

    /// <summary>
    /// The consequences of <paramref name="routerEvent"/>, which <paramref name="member"/> handled with
    /// <paramref name="actions"/> as result: the events the other members get, and the group's transition.
    /// </summary>
    public SyncFollowUp Follow(VirtualRouter member, RouterEvent routerEvent, IReadOnlyList<RouterAction> actions)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(routerEvent);
        ArgumentNullException.ThrowIfNull(actions);
        var events = new List<(VirtualRouter, RouterEvent)>();
        var caused = routerEvent is not (RouterEvent.SyncMaster or RouterEvent.SyncBackup)
            && !(routerEvent is RouterEvent.TrackerChanged t && t.Tracker.Kind == TrackerKind.SyncGroup);
        foreach (var change in actions.OfType<RouterAction.StateChanged>())
        {
            if (caused)
            {
                _cause = (member.Options.Name, change.Reason);
            }

            if (change.To == RouterState.Master)
            {
                var why = $"sync group {Name}: {member.Options.Name} became MASTER";
                events.AddRange(_members.Where(m => m != member && m.State == RouterState.Backup).Select(m => (m, (RouterEvent)new RouterEvent.SyncMaster(why))));
            }
            else if (change is { From: RouterState.Master, To: RouterState.Backup })
            {
                var why = $"sync group {Name}: {member.Options.Name} went to BACKUP";
                events.AddRange(_members.Where(m => m != member && m.State == RouterState.Master).Select(m => (m, (RouterEvent)new RouterEvent.SyncBackup(why))));
            }
        }

        var notes = _notes.ToList();
        _notes.Clear();
        var to = Summarize(_members.Select(m => m.State));
        SyncGroupTransition? transition = null;
        if (to != State && events.Count == 0)
        {
            // Reported once the members have followed, so a group goes BACKUP → MASTER, never through a mixed state twice.
            transition = new SyncGroupTransition(Name, State, to, _cause?.Member ?? member.Options.Name, _cause?.Reason ?? "");
            State = to;
        }

        return new SyncFollowUp(events, notes, transition);
    }

    /// <summary>The group state of members in these states (keepalived's rule).</summary>
    public static RouterState Summarize(IEnumerable<RouterState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        var list = states.ToList();
        return list.Contains(RouterState.Fault) ? RouterState.Fault
            : list.Count > 0 && list.All(s => s == RouterState.Master) ? RouterState.Master
            : list.Count > 0 && list.All(s => s == RouterState.Initialize) ? RouterState.Initialize
            : RouterState.Backup;
    }
}
