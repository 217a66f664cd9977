using HaAppliance.Vrrp.Router;
using System.Net;
using System.Net.Sockets;
using HaAppliance.Kernel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaAppliance.Linux.Announce;

/// <summary>
/// Decides when gratuitous ARPs and unsolicited NAs go out, with keepalived's semantics:
/// on becoming master a burst of <c>garp_master_repeat</c> rounds (one frame per VIP per round); a second burst
/// <c>garp_master_delay</c> later (0: none); while master, every <c>garp_master_refresh</c> a burst of
/// <c>garp_master_refresh_repeat</c> rounds (0: no refresh); on hearing a lower priority master a burst of
/// <c>garp_lower_prio_repeat</c> rounds. Frames on one interface are spaced by <c>vrrp_garp_interval</c> (ARP) or
/// <c>vrrp_gna_interval</c> (NA), across all instances, as keepalived's per-interface queue does.
/// Time comes from <see cref="TimeProvider"/>, so tests drive it with FakeTimeProvider.
/// </summary>
public sealed class GarpScheduler : HaAppliance.Kernel.IVipAnnouncer, IDisposable
{
    private readonly IAnnouncementSender _sender;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, MasterState> _masters = new(StringComparer.Ordinal);
    // Slots on the monotonic clock: a wall-clock step must not bunch up or stall the spacing of announcements.
    private readonly Dictionary<(string Device, AddressFamily Family), TimeSpan> _nextFree = [];
    private bool _disposed;
    private long _arpsSent;
    private long _neighbourAdvertsSent;

    /// <summary>Gratuitous ARPs sent successfully (for the metrics).</summary>
    public long GratuitousArpsSent => Interlocked.Read(ref _arpsSent);

    /// <summary>Unsolicited neighbour adverts sent successfully (for the metrics).</summary>
    public long NeighbourAdvertsSent => Interlocked.Read(ref _neighbourAdvertsSent);

    public GarpScheduler(IAnnouncementSender sender, TimeProvider? timeProvider = null, ILogger<GarpScheduler>? logger = null)
    {
        _sender = sender ?? throw new ArgumentNullException(nameof(sender));
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Instances currently announcing (master).</summary>
    public IReadOnlyCollection<string> Masters
    {
        get
        {
            lock (_lock)
            {
                return [.. _masters.Keys];
            }
        }
    }

    /// <summary>The instance became master on <paramref name="device"/> and now owns <paramref name="addresses"/>.</summary>
    public void BecameMaster(string instance, string device, IReadOnlyList<IPAddress> addresses, GarpSchedule config)
    {
        ArgumentNullException.ThrowIfNull(config);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            CancelLocked(instance);
            var state = new MasterState(instance, device, [.. addresses], config);
            _masters[instance] = state;
            BurstLocked(state, config.MasterRepeat);
            if (config.MasterDelay > TimeSpan.Zero)
            {
                state.Timers.Add(_time.CreateTimer(_ => Fire(state, s => s.Config.MasterRepeat), null, config.MasterDelay, Timeout.InfiniteTimeSpan));
            }
            if (config.MasterRefresh > TimeSpan.Zero)
            {
                state.Timers.Add(_time.CreateTimer(_ => Fire(state, s => s.Config.MasterRefreshRepeat), null, config.MasterRefresh, config.MasterRefresh));
            }
        }
    }

    /// <summary>
    /// The shortest time between two lower-priority bursts of one instance. keepalived sends one per lower-priority
    /// advert; a flood of them (one sender, every VRID, every 10 ms) then asked for 127,000 frames a second and starved
    /// the Master's own adverts. One burst a second still tells the LAN whose the VIPs are.
    /// </summary>
    public static readonly TimeSpan LowerPrioQuietTime = TimeSpan.FromSeconds(1);

    /// <summary>
    /// As master we heard an advert of lower priority: remind the LAN, as keepalived does, with a burst of
    /// garp_lower_prio_repeat now and another garp_lower_prio_delay later (both default to the master's values), at
    /// most once per <see cref="LowerPrioQuietTime"/>.
    /// </summary>
    public void LowerPriorityAdvertReceived(string instance)
    {
        lock (_lock)
        {
            var now = MonotonicClock.Now(_time);
            if (!_masters.TryGetValue(instance, out var state) || now - state.LowerPrioBurstAt < LowerPrioQuietTime)
            {
                return;
            }

            state.LowerPrioBurstAt = now;

            var repeat = state.Config.LowerPrioRepeat ?? state.Config.MasterRepeat;
            BurstLocked(state, repeat);
            var delay = state.Config.LowerPrioDelay ?? state.Config.MasterDelay;
            if (repeat > 0 && delay > TimeSpan.Zero)
            {
                state.Timers.Add(_time.CreateTimer(_ => Fire(state, s => s.Config.LowerPrioRepeat ?? s.Config.MasterRepeat), null, delay, Timeout.InfiniteTimeSpan));
            }
        }
    }

    /// <summary>The instance is no longer master: nothing more is sent for it, including queued frames.</summary>
    public void LeftMaster(string instance)
    {
        lock (_lock)
        {
            CancelLocked(instance);
        }
    }

    private void Fire(MasterState state, Func<MasterState, int> repeat)
    {
        lock (_lock)
        {
            if (!state.Cancelled)
            {
                BurstLocked(state, repeat(state));
            }
        }
    }

    private void BurstLocked(MasterState state, int repeat)
    {
        if (repeat <= 0 || state.Addresses.Length == 0)
        {
            return;
        }
        foreach (var address in state.Addresses)
        {
            if (address.AddressFamily == AddressFamily.InterNetwork)
            {
                _logger.QueueingGratuitousArps(state.Instance, state.Device, address);
            }
            else
            {
                _logger.QueueingNeighbourAdverts(state.Instance, state.Device, address);
            }
        }
        // Round-robin over the VIPs, as keepalived interleaves them.
        for (var round = 0; round < repeat; round++)
        {
            foreach (var address in state.Addresses)
            {
                EnqueueLocked(state, address);
            }
        }
    }

    private void EnqueueLocked(MasterState state, IPAddress address)
    {
        var interval = address.AddressFamily == AddressFamily.InterNetwork ? state.Config.Interval : state.Config.NaInterval;
        var key = (state.Device, address.AddressFamily);
        var now = MonotonicClock.Now(_time);
        var slot = _nextFree.TryGetValue(key, out var free) && free > now ? free : now;
        _nextFree[key] = slot + interval;
        if (slot <= now)
        {
            Send(state.Device, address);
            return;
        }
        ITimer? timer = null;
        timer = _time.CreateTimer(
            _ =>
            {
                lock (_lock)
                {
                    if (timer is not null)
                    {
                        state.Timers.Remove(timer);
                        timer.Dispose();
                    }
                    if (!state.Cancelled)
                    {
                        Send(state.Device, address);
                    }
                }
            },
            null,
            slot - now,
            Timeout.InfiniteTimeSpan);
        state.Timers.Add(timer);
    }

    private void Send(string device, IPAddress address)
    {
        try
        {
            if (address.AddressFamily == AddressFamily.InterNetwork)
            {
                _logger.SendingGratuitousArp(device, address);
                _sender.SendGratuitousArp(device, address);
                Interlocked.Increment(ref _arpsSent);
            }
            else
            {
                _logger.SendingNeighbourAdvert(device, address);
                _sender.SendUnsolicitedNeighbourAdvert(device, address);
                Interlocked.Increment(ref _neighbourAdvertsSent);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // An announcement that fails must not stop the others nor the VRRP engine: log and go on.
            _logger.SendFailed(device, address, e.Message, e);
        }
    }

    private void CancelLocked(string instance)
    {
        if (_masters.Remove(instance, out var state))
        {
            state.Cancelled = true;
            foreach (var timer in state.Timers)
            {
                timer.Dispose();
            }
            state.Timers.Clear();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var instance in _masters.Keys.ToList())
            {
                CancelLocked(instance);
            }
        }
    }

    private sealed class MasterState(string instance, string device, IPAddress[] addresses, GarpSchedule config)
    {
        public string Instance { get; } = instance;
        public string Device { get; } = device;
        public IPAddress[] Addresses { get; } = addresses;
        public GarpSchedule Config { get; } = config;
        public List<ITimer> Timers { get; } = [];
        public bool Cancelled { get; set; }

        /// <summary>When the last lower-priority burst started (monotonic); long ago at first.</summary>
        public TimeSpan LowerPrioBurstAt { get; set; } = TimeSpan.MinValue / 2;
    }
}
