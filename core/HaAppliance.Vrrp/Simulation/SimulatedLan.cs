using HaAppliance.Vrrp.Router;

namespace HaAppliance.Vrrp.Simulation;

/// <summary>
/// A deterministic LAN of <see cref="VirtualRouter"/>s: it delivers each <see cref="RouterAction.SendAdvert"/> to every
/// other router on the same segment and partition after the link's delay, unless the link loses it, delivers
/// <see cref="RouterEvent.TimerFired"/> at each router's <see cref="VirtualRouter.NextDeadline"/>, and records every
/// action in <see cref="Timeline"/>. It keeps one timer of the <see cref="TimeProvider"/> it is given, so a
/// FakeTimeProvider drives it exactly (tests) and <see cref="TimeProvider.System"/> in real time (the demo).
/// Loss draws from a <see cref="Random"/> seeded by the constructor, and simultaneous events run in a fixed order
/// (scheduled first, by insertion, then router timers by router order), so a seed replays the same run.
/// </summary>
public sealed class SimulatedLan : IDisposable
{
    private const int MaxEventsPerInstant = 100_000;

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Random _random;
    private readonly DateTimeOffset _start;
    private readonly List<Node> _nodes = [];
    private readonly Dictionary<string, Node> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<(string From, string To), LinkProperties> _links = [];
    private readonly PriorityQueue<Action, (DateTimeOffset Due, long Sequence)> _pending = new();
    private readonly List<TimelineEntry> _timeline = [];
    private LinkProperties _defaultLink = LinkProperties.Default;
    private long _sequence;
    private bool _pumping;
    private bool _disposed;

    /// <summary>Creates an empty LAN on the given clock; <paramref name="seed"/> fixes the loss pattern.</summary>
    public SimulatedLan(TimeProvider time, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _random = new Random(seed);
        _start = time.GetUtcNow();
        Seed = seed;
        _timer = time.CreateTimer(_ => Pump(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Raised for every timeline entry as it is recorded (on the thread that runs the LAN, under its lock).</summary>
    public event Action<TimelineEntry>? Recorded;

    /// <summary>The seed of the loss pattern.</summary>
    public int Seed { get; }

    /// <summary>The clock the LAN and its routers run on.</summary>
    public TimeProvider TimeProvider => _time;

    /// <summary>What happened to the adverts.</summary>
    public LanCounters Counters { get; } = new();

    /// <summary>Time since the LAN was created.</summary>
    public TimeSpan Elapsed => _time.GetUtcNow() - _start;

    /// <summary>The link used between routers without a <see cref="SetLink"/> override.</summary>
    public LinkProperties DefaultLink
    {
        get { lock (_gate) { return _defaultLink; } }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.Validate();
            lock (_gate)
            {
                _defaultLink = value;
            }
        }
    }

    /// <summary>The routers, in the order they were added.</summary>
    public IReadOnlyList<VirtualRouter> Routers
    {
        get { lock (_gate) { return _nodes.Select(n => n.Router).ToArray(); } }
    }

    /// <summary>The routers now in Master.</summary>
    public IReadOnlyList<VirtualRouter> Masters
    {
        get { lock (_gate) { return _nodes.Select(n => n.Router).Where(r => r.State == RouterState.Master).ToArray(); } }
    }

    /// <summary>A copy of the actions recorded so far.</summary>
    public IReadOnlyList<TimelineEntry> Timeline
    {
        get { lock (_gate) { return _timeline.ToArray(); } }
    }

    /// <summary>The router of that name.</summary>
    public VirtualRouter this[string name]
    {
        get { lock (_gate) { return Find(name).Router; } }
    }

    /// <summary>Creates a router on <paramref name="segment"/>; it stays in Initialize until it gets Startup.</summary>
    public VirtualRouter Add(RouterOptions options, string segment = "lan")
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (_gate)
        {
            if (_byName.ContainsKey(options.Name))
            {
                throw new ArgumentException($"A router named '{options.Name}' is already on the LAN.", nameof(options));
            }

            var node = new Node(new VirtualRouter(options, _time), segment);
            _nodes.Add(node);
            _byName.Add(options.Name, node);
            return node.Router;
        }
    }

    /// <summary>
    /// Puts routers (of one node, on different VRIDs) in a sync group: they then follow keepalived's rules
    /// (<see cref="Router.SyncGroup"/>), as the daemon's members do.
    /// </summary>
    public SyncGroup SyncGroup(string name, params string[] routers)
    {
        ArgumentNullException.ThrowIfNull(routers);
        lock (_gate)
        {
            var group = new SyncGroup(name);
            foreach (var router in routers)
            {
                group.Add(Find(router).Router);
            }

            return group;
        }
    }

    /// <summary>Overrides the link from one router to another (one direction).</summary>
    public void SetLink(string from, string to, LinkProperties link)
    {
        ArgumentNullException.ThrowIfNull(link);
        link.Validate();
        lock (_gate)
        {
            Find(from);
            Find(to);
            _links[(from, to)] = link;
        }
    }

    /// <summary>Splits the LAN: routers hear only those in their own group; routers not named form one more group.</summary>
    public void Partition(params IReadOnlyCollection<string>[] groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        lock (_gate)
        {
            foreach (var node in _nodes)
            {
                node.Group = 0;
            }

            for (var i = 0; i < groups.Length; i++)
            {
                foreach (var name in groups[i])
                {
                    Find(name).Group = i + 1;
                }
            }
        }
    }

    /// <summary>Ends every partition.</summary>
    public void Heal() => Partition();

    /// <summary>Sends <see cref="RouterEvent.Startup"/> to every router, in the order they were added.</summary>
    public void StartAll()
    {
        lock (_gate)
        {
            foreach (var node in _nodes)
            {
                Enqueue(_time.GetUtcNow(), () => Deliver(node, new RouterEvent.Startup()));
            }

            Pump();
        }
    }

    /// <summary>Delivers an event to a router now and performs its actions.</summary>
    public void Send(string router, RouterEvent routerEvent) => Schedule(TimeSpan.Zero, router, routerEvent);

    /// <summary>Delivers an event to a router after <paramref name="after"/>.</summary>
    public void Schedule(TimeSpan after, string router, RouterEvent routerEvent)
    {
        ArgumentNullException.ThrowIfNull(routerEvent);
        lock (_gate)
        {
            var node = Find(router);
            Enqueue(_time.GetUtcNow() + after, () => Deliver(node, routerEvent));
            Pump();
        }
    }

    /// <summary>Runs <paramref name="step"/> after <paramref name="after"/>, in order with the LAN's own events (under its lock).</summary>
    public void Schedule(TimeSpan after, Action step)
    {
        ArgumentNullException.ThrowIfNull(step);
        lock (_gate)
        {
            Enqueue(_time.GetUtcNow() + after, step);
            Pump();
        }
    }

    /// <summary>When the next thing (delivery, scheduled step or router timer) is due; null when nothing is pending.</summary>
    public DateTimeOffset? NextEventTime
    {
        get { lock (_gate) { return NextDue()?.Due; } }
    }

    /// <summary>
    /// Runs a manually driven clock forward by <paramref name="duration"/>, stopping at every event time so each
    /// event sees exactly its own time. (A fake clock's one big jump would fire every timer at the end time.)
    /// <paramref name="setClock"/> moves the clock and fires its timers: FakeTimeProvider.SetUtcNow.
    /// </summary>
    public void RunFor(TimeSpan duration, Action<DateTimeOffset> setClock)
    {
        ArgumentNullException.ThrowIfNull(setClock);
        var end = _time.GetUtcNow() + duration;
        while (NextEventTime is { } next && next <= end)
        {
            if (next > _time.GetUtcNow())
            {
                setClock(next);
            }

            // Runs anything due that the clock's timer did not (a no-op when its callback already did).
            Pump();
        }

        if (end > _time.GetUtcNow())
        {
            setClock(end);
        }
    }

    /// <summary>Stops the LAN's timer.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer.Dispose();
        }
    }

    private Node Find(string name) =>
        _byName.TryGetValue(name, out var node) ? node : throw new ArgumentException($"No router named '{name}' on the LAN.", nameof(name));

    private void Enqueue(DateTimeOffset due, Action work) => _pending.Enqueue(work, (due, _sequence++));

    /// <summary>Runs everything due, in order, then re-arms the single timer for the next thing.</summary>
    private void Pump()
    {
        lock (_gate)
        {
            if (_pumping || _disposed)
            {
                return;
            }

            _pumping = true;
            try
            {
                var sameInstant = 0;
                var instant = _time.GetUtcNow();
                while (NextDue() is { } next && next.Due <= _time.GetUtcNow())
                {
                    // Routers that answer each other at once over zero-delay links must not spin forever.
                    sameInstant = next.Due == instant ? sameInstant + 1 : 0;
                    instant = next.Due;
                    if (sameInstant > MaxEventsPerInstant)
                    {
                        throw new InvalidOperationException($"More than {MaxEventsPerInstant} events at {instant - _start}: the routers are in a zero-time loop.");
                    }

                    if (next.Node is { } node)
                    {
                        Deliver(node, new RouterEvent.TimerFired());
                    }
                    else
                    {
                        _pending.Dequeue()();
                    }
                }

                var following = NextDue();
                _timer.Change(following is { } f ? Max(f.Due - _time.GetUtcNow(), TimeSpan.FromTicks(1)) : Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
            finally
            {
                _pumping = false;
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>The earliest pending item, or router deadline; scheduled items win ties, then router order.</summary>
    private (DateTimeOffset Due, Node? Node)? NextDue()
    {
        (DateTimeOffset Due, Node? Node)? best = _pending.TryPeek(out _, out var p) ? (p.Due, null) : null;
        foreach (var node in _nodes)
        {
            if (node.Router.NextDeadline is { } deadline && (best is null || deadline < best.Value.Due))
            {
                best = (deadline, node);
            }
        }

        return best;
    }

    private void Deliver(Node node, RouterEvent routerEvent)
    {
        var actions = node.Router.Handle(routerEvent);
        foreach (var action in actions)
        {
            Record(node, action);
            if (action is RouterAction.SendAdvert send)
            {
                Transmit(node, send);
            }
        }

        if (node.Router.SyncGroup is { } group)
        {
            foreach (var (member, next) in group.Follow(node.Router, routerEvent, actions).Events)
            {
                Deliver(_nodes.First(n => n.Router == member), next);
            }
        }
    }

    private void Record(Node node, RouterAction action)
    {
        var now = _time.GetUtcNow();
        var entry = new TimelineEntry(now, now - _start, node.Router.Options.Name, action);
        _timeline.Add(entry);
        Recorded?.Invoke(entry);
    }

    private void Transmit(Node from, RouterAction.SendAdvert send)
    {
        Counters.Sent++;
        var options = from.Router.Options;
        var advert = new Advertisement(options.Version, options.Vrid, send.Priority, send.IntervalCentiseconds, options.PrimaryAddress, send.Addresses);
        var now = _time.GetUtcNow();
        foreach (var to in _nodes)
        {
            if (ReferenceEquals(to, from))
            {
                continue;
            }

            if (to.Segment != from.Segment || to.Group != from.Group)
            {
                Counters.Blocked++;
                continue;
            }

            var link = _links.GetValueOrDefault((options.Name, to.Router.Options.Name), _defaultLink);
            if (link.Loss > 0 && _random.NextDouble() < link.Loss)
            {
                Counters.Lost++;
                continue;
            }

            var target = to;
            Enqueue(now + link.Delay, () =>
            {
                Counters.Delivered++;
                Deliver(target, new RouterEvent.AdvertReceived(advert));
            });
        }
    }

    private sealed class Node(VirtualRouter router, string segment)
    {
        public VirtualRouter Router { get; } = router;

        public string Segment { get; } = segment;

        public int Group { get; set; }
    }
}
