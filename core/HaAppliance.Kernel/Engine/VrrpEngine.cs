using System.Net;
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
    private readonly Channel<EngineInput> _inputs = Channel.CreateUnbounded<EngineInput>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, InstanceRuntime> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<(int, IpFamily, byte), InstanceRuntime> _byKey = [];
    private readonly IAdvertTransport _transport;
    private readonly Func<string, IVipBackend> _backends;
    private readonly IVipAnnouncer _announcer;
    private readonly IStateChangeSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly string _node;
    private readonly ITimer _timer;
    private readonly byte[] _sendBuffer = new byte[1500];
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset? _armedFor;

    public VrrpEngine(
        string node,
        IAdvertTransport transport,
        Func<string, IVipBackend> backends,
        IVipAnnouncer announcer,
        IStateChangeSink sink,
        TimeProvider time,
        ILogger log)
    {
        _node = node;
        _transport = transport;
        _backends = backends;
        _announcer = announcer;
        _sink = sink;
        _time = time;
        _log = log;
        _timer = time.CreateTimer(_ => Post(new EngineInput.TimerTick()), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Completes when the loop has stopped (after shutdown released every VIP).</summary>
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
                    await _transport.ReceiveAsync(p => Post(new EngineInput.Packet(p)), receiveCts.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Without receiving, every instance would become master: say so loudly, and receive again.
                    EngineLog.ReceiveFailed(_log, ex.Message, ex);
                    await Task.Delay(TimeSpan.FromMilliseconds(100), _time, receiveCts.Token).ConfigureAwait(false);
                }
            }
        }, CancellationToken.None);
        try
        {
            foreach (var spec in specs)
            {
                await AddInstanceAsync(spec, removeStaleVips, cancellationToken).ConfigureAwait(false);
            }

            ArmTimer();
            await foreach (var input in _inputs.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (input is EngineInput.Shutdown)
                {
                    await ShutdownAllAsync().ConfigureAwait(false);
                    break;
                }

                await HandleAsync(input).ConfigureAwait(false);
                ArmTimer();
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

    /// <summary>Applies a new set of instances: unchanged ones keep running untouched. Returns what changed.</summary>
    public Task<IReadOnlyList<string>> ReloadAsync(IReadOnlyList<InstanceSpec> specs)
    {
        var done = new TaskCompletionSource<IReadOnlyList<string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(new EngineInput.Reload(specs, done));
        return done.Task;
    }

    public Task<IReadOnlyList<InstanceStatus>> StatusAsync()
    {
        var done = new TaskCompletionSource<IReadOnlyList<InstanceStatus>>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(new EngineInput.Status(done));
        return done.Task;
    }

    /// <summary>Completes once everything posted before has been handled (tests).</summary>
    public Task BarrierAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(new EngineInput.Barrier(done));
        return done.Task;
    }

    /// <summary>Hands a packet to the loop as if the transport had received it (tests, replays).</summary>
    internal void Inject(ReceivedPacket packet) => Post(new EngineInput.Packet(packet));

    private void Post(EngineInput input) => _inputs.Writer.TryWrite(input);

    private async Task HandleAsync(EngineInput input)
    {
        switch (input)
        {
            case EngineInput.Packet p:
                OnPacket(p.Received);
                break;
            case EngineInput.TimerTick:
                OnTick();
                break;
            case EngineInput.CheckResult c:
                foreach (var rt in _instances.Values)
                {
                    foreach (var t in rt.Spec.Checks.Where(t => t.Name == c.Check))
                    {
                        if (c.Detail is not null)
                        {
                            rt.PendingCause = $"{c.Check} {(c.Healthy ? "succeeded" : "failed")}: {c.Detail}";
                        }

                        // The scheduler already applied the check's own reverse; this is the instance's track_script reverse.
                        Apply(rt, new RouterEvent.TrackerChanged(TrackerId.Check(t.Name), c.Healthy ^ t.Reverse, t.Weight));
                    }
                }

                break;
            case EngineInput.LinkChanged l:
                EngineLog.LinkChanged(_log, l.Interface, l.Up ? "UP" : "DOWN");
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
                        Apply(rt, new RouterEvent.TrackerChanged(TrackerId.Interface(t.Name), l.Up ^ t.Reverse, t.Weight));
                    }
                }

                break;
            case EngineInput.Reload r:
                try
                {
                    r.Done.TrySetResult(await ApplyReloadAsync(r.Specs).ConfigureAwait(false));
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
                b.Done.TrySetResult();
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
        rt.AdvertsSent,
        rt.AdvertsReceived,
        new Dictionary<string, long>(rt.Rejected),
        rt.Spec.Vips.Select(v => $"{v.Address}/{v.PrefixLength}").ToList());

    private void OnPacket(ReceivedPacket packet)
    {
        // Our own multicast comes back to us on some setups; the source address tells.
        foreach (var own in _instances.Values)
        {
            if (own.Spec.Endpoint.IfIndex == packet.IfIndex && own.Spec.Endpoint.Source.Equals(packet.Source))
            {
                return;
            }
        }

        if (!AdvertWire.TryPeekVrid(packet.Vrrp.Span, out var vrid))
        {
            return;
        }

        if (!_byKey.TryGetValue((packet.IfIndex, packet.Family, vrid), out var rt))
        {
            EngineLog.NoInstance(_log, packet.Source.ToString(), vrid, packet.IfIndex);
            return;
        }

        if (!AdvertWire.TryDecode(rt.Expectation, packet, out var advert, out var reason))
        {
            rt.CountRejection(reason.ToString());
            EngineLog.AdvertRejected(_log, rt.Spec.Name, packet.Source.ToString(), reason.ToText());
            return;
        }

        rt.AdvertsReceived++;
        Apply(rt, new RouterEvent.AdvertReceived(advert!));
        if (rt.Router.State == RouterState.Master && advert!.Priority < rt.Router.EffectivePriority && advert.Priority > 0)
        {
            // keepalived's garp_lower_prio_*: a node that thinks it is master needs to hear whose the VIP is.
            _announcer.LowerPriorityAdvertReceived(rt.Spec.Name);
        }
    }

    private void OnTick()
    {
        _armedFor = null;
        var now = _time.GetUtcNow();
        foreach (var rt in _instances.Values.ToList())
        {
            if (rt.Router.NextDeadline is { } due && due <= now)
            {
                Apply(rt, new RouterEvent.TimerFired());
            }
        }
    }

    private void ArmTimer()
    {
        DateTimeOffset? next = null;
        foreach (var rt in _instances.Values)
        {
            if (rt.Router.NextDeadline is { } due && (next is null || due < next))
            {
                next = due;
            }
        }

        if (next == _armedFor)
        {
            return;
        }

        _armedFor = next;
        if (next is null)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var wait = next.Value - _time.GetUtcNow();
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
            EngineLog.LoopError(_log, rt.Spec.Name, ex.Message, ex);
            return;
        }

        foreach (var action in actions)
        {
            Perform(rt, action);
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

    private void Perform(InstanceRuntime rt, RouterAction action)
    {
        var spec = rt.Spec;
        foreach (var phrase in KeepalivedPhrases.For(spec.Name, action, spec.Endpoint.Interface, spec.Router.VirtualAddresses, announcements: false))
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
                ChangeVips(rt, changed);
                break;
            case RouterAction.PriorityChanged p:
                rt.PendingCause = $"{rt.PendingCause ?? p.Reason}; priority {p.From} → {p.To}";
                break;
            case RouterAction.StateChanged changed:
                // The journal answers "why did it fail over?": what changed locally, then what the router saw.
                var cause = rt.PendingCause is null ? changed.Reason : $"{rt.PendingCause}; {changed.Reason}";
                rt.PendingCause = null;
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
            var spec = rt.Spec;
            foreach (var dst in spec.Endpoint.Destinations)
            {
                var n = AdvertWire.Encode(spec, rt.EncodeOptions, send, dst, _sendBuffer);
                _transport.Send(spec.Endpoint with { Destinations = [dst] }, _sendBuffer.AsSpan(0, n));
            }

            rt.AdvertsSent++;
        }
        catch (Exception ex)
        {
            EngineLog.SendFailed(_log, rt.Spec.Name, ex.Message);
        }
    }

    private void TakeVips(InstanceRuntime rt)
    {
        var spec = rt.Spec;
        rt.HoldsVips = true;
        var epoch = rt.NextVipEpoch();
        var vips = spec.AllVips.ToList();
        var backend = _backends(spec.VipBackend);
        rt.Vips.Enqueue(async () =>
        {
            foreach (var vip in vips)
            {
                await AddVipAsync(backend, vip).ConfigureAwait(false);
            }

            // Announce only while still master: if we already left, a GARP would point clients at us wrongly.
            if (rt.VipEpoch == epoch)
            {
                _announcer.BecameMaster(spec.Name, spec.Endpoint.Interface, vips.Select(v => v.Address).ToList(), spec.Garp);
            }
        });
    }

    private void ReleaseVips(InstanceRuntime rt)
    {
        var spec = rt.Spec;
        rt.HoldsVips = false;
        rt.NextVipEpoch();
        _announcer.LeftMaster(spec.Name);
        var vips = spec.AllVips.ToList();
        var backend = _backends(spec.VipBackend);
        rt.Vips.Enqueue(async () =>
        {
            // Again on the worker: an announcement started just before the epoch moved is stopped here, in order.
            _announcer.LeftMaster(spec.Name);
            foreach (var vip in vips)
            {
                await RemoveVipAsync(backend, vip).ConfigureAwait(false);
            }
        });
    }

    private void ChangeVips(InstanceRuntime rt, RouterAction.VipsChanged changed)
    {
        var spec = rt.Spec;
        var backend = _backends(spec.VipBackend);
        var added = spec.Vips.Where(v => changed.Added.Contains(v.Address)).ToList();
        var removed = changed.Removed.Select(a => rt.PreviousVips.FirstOrDefault(v => v.Address.Equals(a))
            ?? new VipAddress(a, a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128, spec.Endpoint.Interface)).ToList();
        rt.Vips.Enqueue(async () =>
        {
            foreach (var vip in removed)
            {
                await RemoveVipAsync(backend, vip).ConfigureAwait(false);
            }

            foreach (var vip in added)
            {
                await AddVipAsync(backend, vip).ConfigureAwait(false);
            }

            if (added.Count > 0)
            {
                _announcer.BecameMaster(spec.Name, spec.Endpoint.Interface, spec.AllVips.Select(v => v.Address).ToList(), spec.Garp);
            }
        });
    }

    private async Task AddVipAsync(IVipBackend backend, VipAddress vip)
    {
        if (!await backend.ExistsAsync(vip, CancellationToken.None).ConfigureAwait(false))
        {
            await backend.AddAsync(vip, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task RemoveVipAsync(IVipBackend backend, VipAddress vip)
    {
        if (await backend.ExistsAsync(vip, CancellationToken.None).ConfigureAwait(false))
        {
            await backend.RemoveAsync(vip, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task AddInstanceAsync(InstanceSpec spec, bool removeStaleVips, CancellationToken cancellationToken)
    {
        await _transport.OpenAsync(spec.Endpoint, cancellationToken).ConfigureAwait(false);
        var rt = new InstanceRuntime(spec, new VirtualRouter(spec.Router, _time), new VipWorker(spec.Name, _log));
        _instances[spec.Name] = rt;
        _byKey[rt.Key] = rt;
        if (removeStaleVips)
        {
            // A previous run that crashed may have left our VIPs behind; keepalived removes them at start too.
            EngineLog.Phrase(_log, $"({spec.Name}) removing VIPs.");
            var backend = _backends(spec.VipBackend);
            var vips = spec.AllVips.ToList();
            rt.Vips.Enqueue(async () =>
            {
                foreach (var vip in vips)
                {
                    await RemoveVipAsync(backend, vip).ConfigureAwait(false);
                }
            });
        }

        Apply(rt, new RouterEvent.Startup());
    }

    private async Task RemoveInstanceAsync(InstanceRuntime rt)
    {
        Apply(rt, new RouterEvent.Shutdown());
        if (rt.HoldsVips)
        {
            ReleaseVips(rt);
        }

        await rt.Vips.FlushAsync().ConfigureAwait(false);
        await rt.Vips.DisposeAsync().ConfigureAwait(false);
        _instances.Remove(rt.Spec.Name);
        _byKey.Remove(rt.Key);
        if (rt.Spec.SyncGroup is { } group)
        {
            UpdateSyncGroup(group); // a member that went can no longer hold the others in Fault
        }

        if (!_instances.Values.Any(o => o.Spec.Endpoint.Equals(rt.Spec.Endpoint)))
        {
            await _transport.CloseAsync(rt.Spec.Endpoint, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task ShutdownAllAsync()
    {
        foreach (var rt in _instances.Values.ToList())
        {
            await RemoveInstanceAsync(rt).ConfigureAwait(false);
        }

        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    private async Task<IReadOnlyList<string>> ApplyReloadAsync(IReadOnlyList<InstanceSpec> specs)
    {
        var changes = new List<string>();
        var wanted = specs.ToDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (var rt in _instances.Values.ToList())
        {
            if (!wanted.ContainsKey(rt.Spec.Name))
            {
                changes.Add($"({rt.Spec.Name}) removed: sending priority 0 and releasing its VIPs");
                await RemoveInstanceAsync(rt).ConfigureAwait(false);
            }
        }

        foreach (var spec in specs)
        {
            if (!_instances.TryGetValue(spec.Name, out var rt))
            {
                changes.Add($"({spec.Name}) added");
                await AddInstanceAsync(spec, removeStaleVips: false, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            if (rt.Spec.SameAs(spec))
            {
                rt.Spec = spec; // same settings: keep router, state and timers untouched
                continue;
            }

            if (!rt.Spec.CanReconfigureInPlaceTo(spec))
            {
                changes.Add($"({spec.Name}) restarted: VRID, interface, version, family, addresses or authentication changed");
                await RemoveInstanceAsync(rt).ConfigureAwait(false);
                await AddInstanceAsync(spec, removeStaleVips: false, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            changes.Add($"({spec.Name}) updated in place");
            var old = rt.Spec;
            rt.PreviousVips = old.AllVips.ToList();
            rt.Spec = spec;
            if (rt.HoldsVips)
            {
                // Excluded addresses are not in adverts, so the router does not see them change: do it here.
                var backend = _backends(spec.VipBackend);
                var removedExcluded = old.ExcludedVips.Except(spec.ExcludedVips).ToList();
                var addedExcluded = spec.ExcludedVips.Except(old.ExcludedVips).ToList();
                rt.Vips.Enqueue(async () =>
                {
                    foreach (var vip in removedExcluded)
                    {
                        await RemoveVipAsync(backend, vip).ConfigureAwait(false);
                    }

                    foreach (var vip in addedExcluded)
                    {
                        await AddVipAsync(backend, vip).ConfigureAwait(false);
                    }
                });
            }

            Apply(rt, new RouterEvent.Reconfigure(spec.Router));
            foreach (var gone in old.Checks.Where(c => !spec.Checks.Any(n => n.Name == c.Name)))
            {
                // A check the instance no longer tracks stops counting.
                Apply(rt, new RouterEvent.TrackerChanged(TrackerId.Check(gone.Name), true, 0));
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

    public async ValueTask DisposeAsync()
    {
        _inputs.Writer.TryComplete();
        await _timer.DisposeAsync().ConfigureAwait(false);
        foreach (var rt in _instances.Values)
        {
            await rt.Vips.DisposeAsync().ConfigureAwait(false);
        }
    }
}
