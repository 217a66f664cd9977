using System.Threading.Channels;
using HaAppliance.Abstractions;
using HaAppliance.Vrrp;
using HaAppliance.Vrrp.Packets;
using HaAppliance.Vrrp.Router;
using Microsoft.Extensions.Logging;

namespace HaAppliance.Kernel;

/// <summary>
/// The VRRP event loop, as keepalived's: one task reads one channel, so protocol state needs no locks
/// and ordering is deterministic. Packets, timer ticks, check results, link changes, reloads and
/// shutdown are posted into the channel; routers turn them into actions that are performed here
/// (adverts: sent at once) or handed off (VIP changes, announcements, notifications: never on the loop).
/// </summary>
public sealed class VrrpEngine : IAsyncDisposable
{
    private static readonly RouterEvent.TimerFired TimerFired = new();
    private static readonly Func<InstanceRuntime, bool> IsBackup = static rt => rt.Router.State == RouterState.Backup;
    private readonly Channel<EngineInput> _inputs = Channel.CreateUnbounded<EngineInput>(new UnboundedChannelOptions { SingleReader = true });
    private readonly BatchQueue<ReceivedPacket> _packets; // bounded: a flood drops packets, never a tick, check or reload
    private readonly Action<ReceivedPacket> _onPacket;
    private readonly Dictionary<string, InstanceRuntime> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<(int, IpFamily, byte), InstanceRuntime> _byKey = [];
    private readonly Dictionary<string, SyncGroup> _groups = new(StringComparer.Ordinal);
    private readonly IAdvertTransport _transport;
    private readonly Func<string, IVipBackend> _backends;
    private readonly IVipAnnouncer _announcer;
    private readonly VipReconciler _vips;
    private readonly VrrpEngineOptions _options;
    private readonly IStateChangeSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly string _node;
    private readonly ITimer _timer;
    private readonly byte[] _sendBuffer = new byte[1500];
    private readonly DeadlineQueue<InstanceRuntime> _deadlines = new();
    private readonly List<InstanceRuntime> _due = [];
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TimeSpan? _armedFor;
    private ITimer? _heartbeat;
    private long _vipEpoch;
    private bool _started;
    private readonly Dictionary<string, bool> _checkResults = new(StringComparer.Ordinal);
    private readonly HashSet<string> _linksDown = new(StringComparer.Ordinal);

    public VrrpEngine(
        string node,
        IAdvertTransport transport,
        Func<string, IVipBackend> backends,
        IVipAnnouncer announcer,
        IStateChangeSink sink,
        TimeProvider time,
        ILogger log,
        VrrpEngineOptions? options = null)
    {
        _options = options ?? new VrrpEngineOptions();
        _node = node;
        _transport = transport;
        _backends = backends;
        _announcer = announcer;
        _sink = sink;
        _time = time;
        _log = log;
        _vips = new VipReconciler(announcer, time, _options, log);
        var tick = new EngineInput.TimerTick();
        _timer = (_options.TickTime ?? time).CreateTimer(_ => Post(tick), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _packets = new BatchQueue<ReceivedPacket>(_options.PacketQueue);
        _onPacket = OnPacket; // one delegate for the life of the engine, not one per batch
    }

    /// <summary>Received packets dropped because the packet queue was full (a flood): they never reached the loop.</summary>
    public long PacketsDropped => _packets.Dropped;

    /// <summary>Completes when the loop has stopped (after shutdown sent priority 0 and removed the VIPs, within a bound).</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>Starts the instances and runs the loop until <see cref="StopAsync"/> or cancellation.</summary>
    public async Task RunAsync(IReadOnlyList<InstanceSpec> specs, bool removeStaleVips, CancellationToken cancellationToken)
    {
        using var receiveCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var receiving = Task.Run(async () =>
        {
            while (!receiveCts.IsCancellationRequested)
            {
                try
                {
                    await _transport.ReceiveAsync(PostPacket, receiveCts.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Without receiving, every instance would become master: say so loudly, and receive again.
                    EngineLog.ReceiveFailed(_log, ex.Message, ex);
                    await Task.Delay(TimeSpan.FromMilliseconds(100), _time, receiveCts.Token).ConfigureAwait(false);
                }
            }
        }, CancellationToken.None);
        var shutdown = false;
        try
        {
            foreach (var spec in specs)
            {
                await AddInstanceAsync(spec, removeStaleVips, cancellationToken).ConfigureAwait(false);
            }

            // Instances start once what was posted before (initial check and link states) is applied, after the delay.
            using var start = _time.CreateTimer(_ => Post(new EngineInput.Start()), null, _options.StartupDelay, Timeout.InfiniteTimeSpan);

            ArmTimer();
            await foreach (var input in _inputs.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (input is EngineInput.Shutdown)
                {
                    await ShutdownAllAsync().ConfigureAwait(false);
                    shutdown = true;
                    break;
                }

                try
                {
                    await HandleAsync(input).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    // Whatever went wrong, the adverts of every instance must go on.
                    EngineLog.LoopError(_log, "-", ex.Message, ex);
                }

                ArmTimer();
            }

            // Every priority-0 advert is out; now give the backends a bounded time to remove the VIPs.
            if (shutdown && !await _vips.DrainAsync(_options.ShutdownVipDrain).ConfigureAwait(false))
            {
                EngineLog.ShutdownDrainIncomplete(_log, _options.ShutdownVipDrain.TotalSeconds);
            }
        }
        finally
        {
            await receiveCts.CancelAsync().ConfigureAwait(false);
            try
            {
                await receiving.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            _stopped.TrySetResult();
        }
    }

    /// <summary>Posts shutdown (priority 0, VIPs removed) and waits until the loop has stopped.</summary>
    public Task StopAsync()
    {
        Post(new EngineInput.Shutdown());
        return Stopped;
    }

    /// <summary>A health check changed state.</summary>
    public void PostCheckResult(string check, bool healthy, string? detail) => Post(new EngineInput.CheckResult(check, healthy, detail));

    /// <summary>An interface's link went up or down.</summary>
    public void PostLinkChange(string @interface, bool up) => Post(new EngineInput.LinkChanged(@interface, up));

    /// <summary>
    /// Applies the instance changes of <paramref name="plan"/> (from <see cref="ReloadPlanner"/>, against the specs
    /// this engine runs): unchanged instances keep running untouched. Returns what changed, for the log.
    /// </summary>
    public Task<IReadOnlyList<string>> ReloadAsync(ReloadPlan plan) => Ask<IReadOnlyList<string>>(done => new EngineInput.Reload(plan, plan.Specs, done));

    /// <summary>Plans from the running specs to <paramref name="specs"/> (instances only) and applies the plan.</summary>
    public Task<IReadOnlyList<string>> ReloadAsync(IReadOnlyList<InstanceSpec> specs) => Ask<IReadOnlyList<string>>(done => new EngineInput.Reload(null, specs, done));

    public Task<IReadOnlyList<InstanceStatus>> StatusAsync() => Ask<IReadOnlyList<InstanceStatus>>(done => new EngineInput.Status(done));

    /// <summary>Posts the input <paramref name="ask"/> makes around a fresh completion; its task is the loop's answer.</summary>
    private Task<T> Ask<T>(Func<TaskCompletionSource<T>, EngineInput> ask)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(ask(done));
        return done.Task;
    }

    /// <summary>
    /// Calls <paramref name="beat"/> every <paramref name="period"/> from the event loop itself (not from a timer
    /// thread), so that a loop that is stuck stops beating: systemd's watchdog then restarts the daemon.
    /// <paramref name="beat"/> must not block.
    /// </summary>
    public void StartHeartbeat(TimeSpan period, Action beat)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        _heartbeat?.Dispose();
        var input = new EngineInput.Heartbeat(beat);
        _heartbeat = _time.CreateTimer(_ => Post(input), null, TimeSpan.Zero, period);
    }

    /// <summary>Completes once everything posted before has been handled (tests).</summary>
    public Task BarrierAsync() => Ask<bool>(done => new EngineInput.Barrier(done));

    /// <summary>Hands a packet to the loop as if the transport had received it (tests, replays).</summary>
    internal void Inject(ReceivedPacket packet) => PostPacket(packet);

    private bool Post(EngineInput input) => _inputs.Writer.TryWrite(input);

    private void PostPacket(ReceivedPacket packet) => _ = _packets.Add(packet) && Post(new EngineInput.PacketsReady());

    private async Task HandleAsync(EngineInput input)
    {
        switch (input)
        {
            case EngineInput.PacketsReady:
                OnTick(); // due timers first, then one batch; the rest waits behind what was posted meanwhile
                if (_packets.TakeBatch(_options.PacketBatch, _onPacket))
                {
                    Post(input);
                }

                break;
            case EngineInput.TimerTick:
                OnTick();
                break;
            case EngineInput.CheckResult c:
                _checkResults[c.Check] = c.Healthy;
                foreach (var rt in _instances.Values)
                {
                    foreach (var t in rt.Spec.Checks.Where(t => t.Name == c.Check))
                    {
                        rt.CheckStates[c.Check] = c.Healthy;
                        if (c.Detail is not null)
                        {
                            rt.PendingCause = $"{c.Check} {(c.Healthy ? "succeeded" : "failed")}: {c.Detail}";
                        }

                        // The scheduler already applied the check's own reverse; this is the instance's track_script reverse.
                        Apply(rt, RouterEvent.TrackerChanged.For(TrackerId.Check(t.Name), c.Healthy, t.Weight, t.Reverse));
                    }
                }

                break;
            case EngineInput.LinkChanged l:
                EngineLog.LinkChanged(_log, l.Interface, l.Up ? "UP" : "DOWN");
                _ = l.Up ? _linksDown.Remove(l.Interface) : _linksDown.Add(l.Interface);
                foreach (var rt in _instances.Values)
                {
                    if (rt.Spec.Endpoint.Interface == l.Interface || rt.Spec.Interfaces.Any(t => t.Name == l.Interface))
                    {
                        rt.PendingCause = $"link {l.Interface} {(l.Up ? "up" : "down")}";
                    }

                    if (rt.Spec.Endpoint.Interface == l.Interface)
                    {
                        Apply(rt, new RouterEvent.TrackerChanged(TrackerId.Link(l.Interface), l.Up, 0));
                    }

                    foreach (var t in rt.Spec.Interfaces.Where(t => t.Name == l.Interface))
                    {
                        Apply(rt, RouterEvent.TrackerChanged.For(TrackerId.Interface(t.Name), l.Up, t.Weight, t.Reverse));
                    }
                }

                break;
            case EngineInput.Reload r:
                try
                {
                    var plan = r.Plan ?? ReloadPlanner.Plan(NodeSpec.Of(_instances.Values.Select(i => i.Spec).ToList()), NodeSpec.Of(r.Specs));
                    r.Done.TrySetResult(await ApplyReloadAsync(plan).ConfigureAwait(false));
                }
                catch (Exception ex)
                {
                    r.Done.TrySetException(ex);
                }

                break;
            case EngineInput.Status s:
                s.Done.TrySetResult(_instances.Values.Select(Snapshot).ToList());
                break;
            case EngineInput.Barrier b:
                b.Done.TrySetResult(true);
                break;
            case EngineInput.Heartbeat h:
                h.Beat();
                break;
            case EngineInput.Start:
                _started = true;
                foreach (var rt in _instances.Values.ToList())
                {
                    Apply(rt, new RouterEvent.Startup());
                }

                break;
        }
    }

    private InstanceStatus Snapshot(InstanceRuntime rt) => new(
        rt.Spec.Name,
        rt.Spec.Endpoint.Interface,
        rt.Spec.Router.Vrid,
        rt.Router.State,
        rt.Spec.Router.Priority,
        rt.Router.EffectivePriority,
        rt.Router.Counters.AdvertsSent,
        rt.Router.Counters.AdvertsReceived,
        rt.Router.Counters.RejectionsByName(),
        rt.Spec.Vips.Select(v => $"{v.Address}/{v.PrefixLength}").ToList(),
        rt.Errors + _vips.ErrorsOf(rt.Spec.Name))
    {
        Family = rt.Spec.Endpoint.Family,
        Version = rt.Spec.Router.Version,
        MasterAddress = rt.Router.MasterAddress,
        LastTransition = rt.LastTransition,
        SyncGroup = rt.Spec.SyncGroup,
        Checks = rt.Spec.Checks.Select(t => new CheckStatus(t.Name, rt.CheckStates.TryGetValue(t.Name, out var h) ? h ^ t.Reverse : null, t.Weight)).ToList(),
        BecameMaster = rt.Router.Counters.BecameMaster,
        ReleasedMaster = rt.Router.Counters.ReleasedMaster,
        PriorityZeroSent = rt.Router.Counters.PriorityZeroSent,
        PriorityZeroReceived = rt.Router.Counters.PriorityZeroReceived,
        SendFailures = rt.Router.Counters.SendFailures,
        AddressListMismatches = rt.Router.Counters.AddressListMismatches,
        AnswersSuppressed = rt.Router.Counters.AnswersSuppressed,
    };

    private void OnPacket(ReceivedPacket packet)
    {
        if (!AdvertWire.TryPeekVrid(packet.Vrrp.Span, out var vrid))
        {
            return;
        }

        if (!_byKey.TryGetValue((packet.IfIndex, packet.Family, vrid), out var rt))
        {
            EngineLog.NoInstance(_log, packet.Source.ToString(), vrid, packet.IfIndex);
            return;
        }

        if (!AdvertWire.TryDecode(rt, packet, !rt.Spec.Endpoint.Unicast || rt.Spec.CheckUnicastTtl, out var received, out var reason))
        {
            rt.Router.Counters.PacketRejected(reason);
            EngineLog.AdvertRejected(_log, rt.Spec.Name, packet.Source.ToString(), reason.ToText());
            return;
        }

        Apply(rt, received!);
    }

    private void OnTick()
    {
        // Only the routers that are due, earliest deadline first; each is armed again by Apply. A Master's advert never
        // waits; a Backup's Master_Down waits for the packets queued when it fell due (its Master's advert may be there),
        // handled a batch at a time, the Masters that fall due meanwhile served in between.
        _armedFor = null;
        for (var queued = _packets.Count; ; queued -= _options.PacketBatch)
        {
            var held = _deadlines.TakeDue(MonotonicClock.Now(_time), _due, queued > 0 ? IsBackup : null);
            foreach (var rt in _due)
            {
                Apply(rt, TimerFired);
            }

            if (held == 0)
            {
                return;
            }

            _ = _packets.TakeBatch(Math.Min(queued, _options.PacketBatch), _onPacket);
        }
    }

    private void ArmTimer()
    {
        // Deadlines are monotonic; the wall clock may step without moving them.
        var next = _deadlines.Next;
        if (next == _armedFor)
        {
            return;
        }

        _armedFor = next;
        if (next is not { } deadline)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var wait = deadline - MonotonicClock.Now(_time);
        _timer.Change(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
    }

    private void Apply(InstanceRuntime rt, RouterEvent e)
    {
        IReadOnlyList<RouterAction> actions;
        try
        {
            actions = rt.Router.Handle(e);
        }
        catch (Exception ex)
        {
            rt.Errors++;
            EngineLog.LoopError(_log, rt.Spec.Name, ex.Message, ex);
            return;
        }
        finally
        {
            _deadlines.Set(rt, rt.Router.MonotonicDeadline);
        }

        for (var i = 0; i < actions.Count; i++)
        {
            Contain(rt, Owner(actions[i]), (this, rt, actions[i]), static s => s.Item1.Perform(s.rt, s.Item3));
        }

        if (rt.Router.SyncGroup is { } sync)
        {
            FollowGroup(sync, rt, e, actions);
        }

        if (e is RouterEvent.TrackerChanged t && t.Tracker.Kind != TrackerKind.SyncGroup)
        {
            // A failing tracker of weight 0 puts the instance in Fault; remember which, for its sync group.
            if (t.Weight == 0 && !t.Healthy)
            {
                rt.FaultCauses.Add(t.Tracker.ToString());
            }
            else
            {
                rt.FaultCauses.Remove(t.Tracker.ToString());
            }

            if (rt.Spec.SyncGroup is { } group)
            {
                UpdateSyncGroup(group);
            }
        }
    }

    /// <summary>
    /// keepalived's vrrp_sync_group for faults: while one member is in Fault for a reason of its own (a link, a
    /// check of weight 0), every other member is held in Fault too, so the group's VIPs move together.
    /// </summary>
    private void UpdateSyncGroup(string group)
    {
        var members = _instances.Values.Where(m => m.Spec.SyncGroup == group).ToList();
        foreach (var member in members)
        {
            var faulted = members.FirstOrDefault(o => o != member && o.FaultCauses.Count > 0);
            var healthy = faulted is null;
            if (healthy == member.SyncHealthy)
            {
                continue;
            }

            member.SyncHealthy = healthy;
            member.PendingCause = healthy
                ? $"sync group {group}: no member in fault"
                : $"sync group {group}: {faulted!.Spec.Name} is in fault ({string.Join(", ", faulted.FaultCauses)})";
            Apply(member, new RouterEvent.TrackerChanged(TrackerId.SyncGroup(group), healthy, 0));
        }
    }

    /// <summary>keepalived's sync group rules (<see cref="SyncGroup"/>): the other members follow a member's change.</summary>
    private void FollowGroup(SyncGroup sync, InstanceRuntime rt, RouterEvent e, IReadOnlyList<RouterAction> actions)
    {
        var follow = sync.Follow(rt.Router, e, actions);
        foreach (var note in follow.Notes)
        {
            EngineLog.Phrase(_log, note);
        }

        if (follow.Transition is { } g)
        {
            EngineLog.GroupTransition(_log, g.Group, StateName(g.From), StateName(g.To), g.Member, g.Reason);
        }

        foreach (var (member, next) in follow.Events)
        {
            if (_instances.Values.FirstOrDefault(i => i.Router == member) is { } other)
            {
                Apply(other, next);
            }
        }
    }

    /// <summary>Runs <paramref name="work"/>; an exception is logged with the instance and the part that threw, counted, and contained.</summary>
    private void Contain(InstanceRuntime rt, string part, Action work) => Contain(rt, part, work, static w => w());

    /// <summary>As <see cref="Contain(InstanceRuntime, string, Action)"/>, with the work's state passed in: no closure per call.</summary>
    private void Contain<T>(InstanceRuntime rt, string part, T state, Action<T> work)
    {
        try
        {
            work(state);
        }
        catch (Exception ex)
        {
            rt.Errors++;
            EngineLog.PluginFailed(_log, rt.Spec.Name, part, ex.Message, ex);
        }
    }

    private static string Owner(RouterAction action) => action switch
    {
        RouterAction.SendAdvert => "transport",
        RouterAction.StateChanged => "state-change sink",
        RouterAction.TakeVips or RouterAction.ReleaseVips or RouterAction.VipsChanged or RouterAction.LowerPriorityHeard => "announcer",
        _ => "event loop",
    };

    private void Perform(InstanceRuntime rt, RouterAction action)
    {
        var spec = rt.Spec;
        foreach (var phrase in action is RouterAction.SendAdvert { Priority: > 0 } ? Enumerable.Empty<string>() : KeepalivedPhrases.For(spec.Name, action, spec.Endpoint.Interface, spec.Router.VirtualAddresses, announcements: false))
        {
            EngineLog.Phrase(_log, phrase);
        }

        switch (action)
        {
            case RouterAction.SendAdvert send:
                SendAdvert(rt, send);
                break;
            case RouterAction.TakeVips:
                TakeVips(rt);
                break;
            case RouterAction.ReleaseVips:
                ReleaseVips(rt);
                break;
            case RouterAction.VipsChanged changed:
                if (rt.HoldsVips)
                {
                    // Addresses that went are removed by the reconciler; new ones are announced once added.
                    WantHeld(rt, announceAgain: changed.Added.Count > 0);
                }

                break;
            case RouterAction.LowerPriorityHeard:
                // keepalived's garp_lower_prio_*: a node that thinks it is master needs to hear whose the VIP is.
                _announcer.LowerPriorityAdvertReceived(spec.Name);
                break;
            case RouterAction.AddressListDiffers d:
                EngineLog.AddressListDiffers(_log, spec.Name, d.Source.ToString(), string.Join(", ", d.Theirs), string.Join(", ", d.Ours));
                _sink.AddressListDiffers(_time.GetUtcNow(), _node, spec.Name, StateName(rt.Router.State), d);
                rt.PendingCause = $"{d.Source} advertises VIPs [{string.Join(", ", d.Theirs)}], ours are [{string.Join(", ", d.Ours)}]";
                break;
            case RouterAction.Notice n:
                EngineLog.Phrase(_log, n.Text);
                break;
            case RouterAction.PriorityChanged p:
                rt.PendingCause = $"{rt.PendingCause ?? p.Reason}; priority {p.From} → {p.To}";
                break;
            case RouterAction.StateChanged changed:
                // The journal answers "why did it fail over?": what changed locally, then what the router saw. A stop is its own cause.
                var cause = rt.PendingCause is null || changed.Cause == StateChangeCause.Shutdown ? changed.Reason : $"{rt.PendingCause}; {changed.Reason}";
                rt.PendingCause = null;
                rt.LastTransition = _time.GetUtcNow();
                _sink.Publish(
                    new StateChangeEvent(
                        Guid.NewGuid(),
                        _time.GetUtcNow(),
                        _node,
                        spec.Name,
                        spec.SyncGroup,
                        StateName(changed.From),
                        StateName(changed.To),
                        rt.Router.EffectivePriority,
                        cause,
                        spec.Vips.Select(v => $"{v.Address}/{v.PrefixLength}").ToList()));
                break;
        }
    }

    /// <summary>The SDK's state for a router state; Initialize is reported as Stop, as keepalived does.</summary>
    internal static VrrpState StateName(RouterState state) => state switch
    {
        RouterState.Master => VrrpState.Master,
        RouterState.Backup => VrrpState.Backup,
        RouterState.Fault => VrrpState.Fault,
        _ => VrrpState.Stop,
    };

    private void SendAdvert(InstanceRuntime rt, RouterAction.SendAdvert send)
    {
        try
        {
            var destinations = rt.Spec.Endpoint.Destinations;
            for (var i = 0; i < destinations.Count; i++)
            {
                var n = AdvertWire.Encode(rt, send, destinations[i], _sendBuffer);
                _transport.Send(rt.SendEndpoints[i], _sendBuffer.AsSpan(0, n));
            }
        }
        catch (Exception ex)
        {
            rt.Router.Counters.SendFailed();
            EngineLog.SendFailed(_log, rt.Spec.Name, ex.Message);
        }
    }

    private void TakeVips(InstanceRuntime rt)
    {
        rt.HoldsVips = true;
        WantHeld(rt, announceAgain: true);
    }

    /// <summary>States that the instance's current addresses are wanted here; never waits for the backend.</summary>
    private void WantHeld(InstanceRuntime rt, bool announceAgain)
    {
        if (announceAgain)
        {
            rt.VipEpoch = ++_vipEpoch;
        }

        _vips.Want(rt.Spec.Name, Desire(rt, held: true, rt.Spec.AllVips.ToList()));
    }

    private void ReleaseVips(InstanceRuntime rt)
    {
        rt.HoldsVips = false;
        rt.VipEpoch = ++_vipEpoch;
        _vips.Want(rt.Spec.Name, Desire(rt, held: false, rt.Spec.AllVips.ToList()));
        _announcer.LeftMaster(rt.Spec.Name);
    }

    private VipDesire Desire(InstanceRuntime rt, bool held, IReadOnlyList<VipAddress> addresses, bool retire = false) =>
        new(held, addresses, rt.Backend, rt.Spec.VipBackend, rt.Spec.Endpoint.Interface, rt.Spec.Garp, rt.VipEpoch, retire);

    private async Task AddInstanceAsync(InstanceSpec spec, bool removeStaleVips, CancellationToken cancellationToken)
    {
        InstanceRuntime rt;
        try
        {
            rt = new InstanceRuntime(spec, new VirtualRouter(spec.Router, _time));
        }
        catch (Exception ex)
        {
            EngineLog.LoopError(_log, spec.Name, ex.Message, ex);
            return;
        }

        _instances[spec.Name] = rt;
        _byKey[rt.Key] = rt;
        JoinGroup(rt);
        try
        {
            await _transport.OpenAsync(spec.Endpoint, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            rt.Errors++;
            EngineLog.PluginFailed(_log, spec.Name, "transport", ex.Message, ex);
        }

        try
        {
            rt.Backend = _backends(spec.VipBackend);
        }
        catch (Exception ex)
        {
            // Without a backend the instance cannot own its addresses: Fault, as a failing tracker of weight 0 does.
            rt.Errors++;
            EngineLog.PluginFailed(_log, spec.Name, "vip_backend " + spec.VipBackend, ex.Message, ex);
            rt.PendingCause = $"VIP backend {spec.VipBackend} cannot be created: {ex.Message}";
            Apply(rt, new RouterEvent.TrackerChanged(TrackerId.VipBackend(spec.VipBackend), false, 0));
        }

        // Added or restarted by a reload: start from the current check results and link states, not at full priority.
        foreach (var t in spec.Checks.Where(t => _checkResults.ContainsKey(t.Name)))
        {
            rt.CheckStates[t.Name] = _checkResults[t.Name];
            Apply(rt, RouterEvent.TrackerChanged.For(TrackerId.Check(t.Name), _checkResults[t.Name], t.Weight, t.Reverse));
        }

        if (_linksDown.Contains(spec.Endpoint.Interface))
        {
            Apply(rt, new RouterEvent.TrackerChanged(TrackerId.Link(spec.Endpoint.Interface), false, 0));
        }

        foreach (var t in spec.Interfaces.Where(t => _linksDown.Contains(t.Name)))
        {
            Apply(rt, RouterEvent.TrackerChanged.For(TrackerId.Interface(t.Name), false, t.Weight, t.Reverse));
        }

        if (removeStaleVips && rt.Backend is not null)
        {
            // A previous run that crashed may have left our VIPs behind; keepalived removes them at start too.
            EngineLog.Phrase(_log, $"({spec.Name}) removing VIPs.");
            _vips.Want(spec.Name, Desire(rt, held: false, spec.AllVips.ToList()));
        }

        if (_started)
        {
            Apply(rt, new RouterEvent.Startup());
        }
    }

    /// <summary>Puts the router in the coordinator of its spec's sync group (leaving another it was in).</summary>
    private void JoinGroup(InstanceRuntime rt)
    {
        var old = rt.Router.SyncGroup;
        if (old?.Name == rt.Spec.SyncGroup)
        {
            return;
        }

        old?.Remove(rt.Router);
        if (old is not null && !rt.SyncHealthy)
        {
            // The group it left can no longer hold it in Fault.
            rt.SyncHealthy = true;
            Apply(rt, new RouterEvent.TrackerChanged(TrackerId.SyncGroup(old.Name), true, 0));
        }

        if (rt.Spec.SyncGroup is { } group)
        {
            if (!_groups.TryGetValue(group, out var sync))
            {
                _groups[group] = sync = new SyncGroup(group);
            }

            sync.Add(rt.Router);
        }
    }

    /// <summary>Priority 0 (when Master) and the VIPs released; the reconciler forgets the instance once they are gone.</summary>
    private void StopInstance(InstanceRuntime rt)
    {
        Apply(rt, new RouterEvent.Shutdown());
        if (rt.HoldsVips)
        {
            ReleaseVips(rt);
        }
    }

    private async Task RemoveInstanceAsync(InstanceRuntime rt)
    {
        StopInstance(rt);
        _vips.Want(rt.Spec.Name, Desire(rt, held: false, [], retire: true));
        _instances.Remove(rt.Spec.Name);
        _byKey.Remove(rt.Key);
        _deadlines.Remove(rt);
        if (rt.Spec.SyncGroup is { } group)
        {
            rt.Router.SyncGroup?.Remove(rt.Router);
            UpdateSyncGroup(group); // a member that went can no longer hold the others in Fault
        }

        if (!_instances.Values.Any(o => o.Spec.Endpoint.Equals(rt.Spec.Endpoint)))
        {
            try
            {
                await _transport.CloseAsync(rt.Spec.Endpoint, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                EngineLog.PluginFailed(_log, rt.Spec.Name, "transport", ex.Message, ex);
            }
        }
    }

    private async Task ShutdownAllAsync()
    {
        // Priority 0 for every instance first (RFC 9568 §6.4.3): backups take over within Skew_Time, whatever the backends do.
        var all = _instances.Values.ToList();
        foreach (var rt in all)
        {
            StopInstance(rt);
        }

        foreach (var rt in all)
        {
            await RemoveInstanceAsync(rt).ConfigureAwait(false);
        }

        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Applies the plan's instance changes; it does not compare specs itself.</summary>
    private async Task<IReadOnlyList<string>> ApplyReloadAsync(ReloadPlan plan)
    {
        var changes = new List<string>();
        foreach (var change in plan.Instances.Where(c => c.Kind == InstanceChangeKind.Removed))
        {
            if (_instances.TryGetValue(change.Name, out var rt))
            {
                changes.Add($"({change.Name}) removed: sending priority 0 and releasing its VIPs");
                await RemoveInstanceAsync(rt).ConfigureAwait(false);
            }
        }

        foreach (var change in plan.Instances.Where(c => c.Kind != InstanceChangeKind.Removed))
        {
            var spec = change.New!;
            var reasons = change.Reasons.Count == 0 ? "" : ": " + string.Join("; ", change.Reasons);
            if (!_instances.TryGetValue(spec.Name, out var rt))
            {
                changes.Add($"({spec.Name}) added");
                await AddInstanceAsync(spec, removeStaleVips: false, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            switch (change.Kind)
            {
                case InstanceChangeKind.Unchanged:
                    rt.Spec = spec; // same settings: keep router, state and timers untouched
                    break;
                case InstanceChangeKind.InPlace:
                    changes.Add($"({spec.Name}) updated in place{reasons}");
                    UpdateInPlace(rt, spec);
                    break;
                default:
                    changes.Add($"({spec.Name}) restarted{reasons}");
                    await RemoveInstanceAsync(rt).ConfigureAwait(false);
                    await AddInstanceAsync(spec, removeStaleVips: false, CancellationToken.None).ConfigureAwait(false);
                    break;
            }
        }

        foreach (var group in _instances.Values.Select(i => i.Spec.SyncGroup).OfType<string>().Distinct().ToList())
        {
            UpdateSyncGroup(group);
        }

        foreach (var change in changes)
        {
            EngineLog.ReloadChange(_log, change);
        }

        return changes;
    }

    private void UpdateInPlace(InstanceRuntime rt, InstanceSpec spec)
    {
        var old = rt.Spec;
        rt.Spec = spec;
        JoinGroup(rt);
        Apply(rt, new RouterEvent.Reconfigure(spec.Router));
        if (rt.HoldsVips)
        {
            // Excluded addresses are not in adverts, so the router does not see them change: state them here.
            WantHeld(rt, announceAgain: false);
        }

        foreach (var gone in old.Checks.Where(c => !spec.Checks.Any(n => n.Name == c.Name)))
        {
            // A check the instance no longer tracks stops counting.
            Apply(rt, new RouterEvent.TrackerChanged(TrackerId.Check(gone.Name), true, 0));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _inputs.Writer.TryComplete();
        await _timer.DisposeAsync().ConfigureAwait(false);
        if (_heartbeat is not null)
        {
            await _heartbeat.DisposeAsync().ConfigureAwait(false);
        }

        await _vips.DisposeAsync().ConfigureAwait(false);
    }
}
