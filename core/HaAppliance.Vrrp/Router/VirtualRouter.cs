using System.Net;

namespace HaAppliance.Vrrp.Router;

/// <summary>
/// One VRRP virtual router (RFC 9568 §6) for one (interface, family, VRID). Pure: no I/O, threads or timers.
/// The host feeds it <see cref="RouterEvent"/>s through <see cref="Handle"/>, performs the returned
/// <see cref="RouterAction"/>s in order, and delivers <see cref="RouterEvent.TimerFired"/> once
/// <see cref="NextDeadline"/> is reached. "Now" is read from the <see cref="TimeProvider"/>, so tests drive it
/// with a fake clock. Not thread-safe: one event loop owns it, as keepalived's does.
/// </summary>
public sealed partial class VirtualRouter
{
    private readonly TimeProvider _time;
    private readonly List<RouterAction> _actions = [];
    private RouterAction.SendAdvert? _lastAdvert;

    // RFC 9568 §6.2 timers, as absolute deadlines; only the one of the current state is armed.
    // Deadlines on the monotonic clock (TimeProvider.GetTimestamp), never on wall time: stepping the wall clock
    // (NTP, an operator) must neither silence a Master nor make a Backup's Master_Down_Timer look expired.
    private TimeSpan? _adverTimer;
    private TimeSpan? _masterDownTimer;

    // What armed the Master_Down_Timer, so the state change can say why it fired.
    private string _masterDownReason = "master down timer expired";

    /// <summary>Creates a router in <see cref="RouterState.Initialize"/>; send <see cref="RouterEvent.Startup"/> to run it.</summary>
    public VirtualRouter(RouterOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        Options = options;
        _time = time;
        MasterAdverIntervalCentiseconds = options.AdvertIntervalCentiseconds;
        EffectivePriority = ComputeEffectivePriority();
    }

    /// <summary>The current options.</summary>
    public RouterOptions Options { get; private set; }

    /// <summary>The current state.</summary>
    public RouterState State { get; private set; } = RouterState.Initialize;

    /// <summary>Base priority adjusted by tracker weights, 1–254 (255 for the owner, which trackers never move).</summary>
    public int EffectivePriority { get; private set; }

    /// <summary>
    /// RFC 9568 §6.1 Master_Adver_Interval: a v3 Backup learns it from the Master's adverts; otherwise our own interval.
    /// </summary>
    public int MasterAdverIntervalCentiseconds { get; private set; }

    /// <summary>Skew_Time for our effective priority and the current Master_Adver_Interval.</summary>
    public TimeSpan SkewTime => VrrpTimers.SkewTime(Options.Version, EffectivePriority, MasterAdverIntervalCentiseconds);

    /// <summary>Master_Down_Interval for our effective priority and the current Master_Adver_Interval.</summary>
    public TimeSpan MasterDownInterval => VrrpTimers.MasterDownInterval(Options.Version, EffectivePriority, MasterAdverIntervalCentiseconds);

    /// <summary>The address of the Master we last accepted an advert from (ourselves when Master), if known.</summary>
    public IPAddress? MasterAddress { get; private set; }

    /// <summary>Statistics: adverts received and sent, rejections by reason, transitions.</summary>
    public RouterCounters Counters { get; } = new();

    /// <summary>
    /// When the host must deliver <see cref="RouterEvent.TimerFired"/>, as a wall-clock time computed now from the
    /// monotonic deadline (compare it with a fresh <c>GetUtcNow()</c>, or use <see cref="DueIn"/>); null when no timer is armed.
    /// </summary>
    public DateTimeOffset? NextDeadline => DueIn is { } due ? _time.GetUtcNow() + due : null;

    /// <summary>How long until <see cref="RouterEvent.TimerFired"/> is due (zero or negative: due now); null when no timer is armed.</summary>
    public TimeSpan? DueIn => MonotonicDeadline is { } d ? d - Now : null;

    /// <summary>When <see cref="RouterEvent.TimerFired"/> is due on <see cref="MonotonicClock"/>'s time; null when no timer is armed.</summary>
    public TimeSpan? MonotonicDeadline => State switch
    {
        RouterState.Master => _adverTimer,
        RouterState.Backup => _masterDownTimer,
        _ => null,
    };

    /// <summary>
    /// Consumes one event and returns the actions to perform, in order. The list is reused by the next call (an advert
    /// allocates nothing): perform or copy it before handling another event.
    /// </summary>
    public IReadOnlyList<RouterAction> Handle(RouterEvent routerEvent)
    {
        ArgumentNullException.ThrowIfNull(routerEvent);
        _actions.Clear();
        switch (routerEvent)
        {
            case RouterEvent.Startup:
                OnStartup();
                break;
            case RouterEvent.AdvertReceived received:
                OnAdvert(received.Advert);
                break;
            case RouterEvent.TimerFired:
                OnTimer();
                break;
            case RouterEvent.TrackerChanged tracker:
                OnTracker(tracker);
                break;
            case RouterEvent.Shutdown:
                OnShutdown();
                break;
            case RouterEvent.Reconfigure reconfigure:
                OnReconfigure(reconfigure.Options);
                break;
            case RouterEvent.SyncMaster sync:
                OnSyncMaster(sync.Reason);
                break;
            case RouterEvent.SyncBackup sync:
                OnSyncBackup(sync.Reason);
                break;
            default:
                throw new ArgumentException($"Unknown router event {routerEvent.GetType().Name}.", nameof(routerEvent));
        }

        return _actions;
    }

    /// <summary>Applies new options in place; same as handling <see cref="RouterEvent.Reconfigure"/>.</summary>
    public IReadOnlyList<RouterAction> Reconfigure(RouterOptions options) => Handle(new RouterEvent.Reconfigure(options));

    private TimeSpan Now => MonotonicClock.Now(_time);

    private TimeSpan AdvertisementInterval => VrrpTimers.FromCentiseconds(Options.AdvertIntervalCentiseconds);

    // RFC 9568 §6.4.1.
    private void OnStartup()
    {
        if (State != RouterState.Initialize)
        {
            return;
        }

        MasterAdverIntervalCentiseconds = Options.AdvertIntervalCentiseconds;
        if (FailingFaultTracker() is { } failing)
        {
            ChangeState(RouterState.Fault, $"tracker {failing} is failing at startup", StateChangeCause.Startup);
        }
        else if (Options.IsAddressOwner)
        {
            BecomeMaster("address owner (priority 255) at startup", StateChangeCause.Startup, null);
        }
        else
        {
            EnterBackupFromIdle("startup", StateChangeCause.Startup);
        }
    }

    private void OnTimer()
    {
        var now = Now;
        if (State == RouterState.Master && _adverTimer <= now)
        {
            // RFC 9568 §6.4.3: the Adver_Timer fired: send an advert and re-arm it.
            SendAdvert(EffectivePriority);
            // On the previous deadline, not on "now": loop latency must not accumulate into a slower rhythm. After a
            // stall longer than an interval the rhythm restarts from now, so a late loop never sends a burst.
            var next = _adverTimer!.Value + AdvertisementInterval;
            _adverTimer = next > now ? next : NextAdvertFrom(now);
        }
        else if (State == RouterState.Backup && _masterDownTimer <= now)
        {
            // RFC 9568 §6.4.2: the Master_Down_Timer fired.
            BecomeMasterIfGroupAgrees(_masterDownReason, StateChangeCause.MasterDownTimerExpired, null);
        }
    }

    // RFC 9568 §6.4.3 (Shutdown): a Master sends priority 0 so a Backup takes over after Skew_Time only.
    private void OnShutdown()
    {
        if (State == RouterState.Initialize)
        {
            return;
        }

        if (State == RouterState.Master)
        {
            SendAdvert(VrrpTimers.StopPriority);
            Emit(new RouterAction.ReleaseVips());
            Counters.LeftMaster();
        }

        ChangeState(RouterState.Initialize, "shutdown", StateChangeCause.Shutdown);
        _adverTimer = null;
        _masterDownTimer = null;
        _preemptAt = null;
        MasterAddress = null;
    }

    /// <summary>Backup from Initialize or Fault: arm the Master_Down_Timer with our own interval.</summary>
    private void EnterBackupFromIdle(string reason, StateChangeCause cause)
    {
        MasterAdverIntervalCentiseconds = Options.AdvertIntervalCentiseconds;
        ChangeState(RouterState.Backup, reason, cause);
        _preemptAt = null;
        MasterAddress = null;
        if (Options.StartAsMaster && cause == StateChangeCause.Startup)
        {
            // keepalived's vrrp_init_state: with "state MASTER" wait one interval plus the minimum skew,
            // enough to hear an existing Master, instead of the whole Master_Down_Interval.
            ArmMasterDown(
                VrrpTimers.FromCentiseconds(MasterAdverIntervalCentiseconds) + VrrpTimers.MinimumSkewTime(Options.Version, MasterAdverIntervalCentiseconds),
                "no master heard within one advert interval (start as master)");
        }
        else
        {
            ArmMasterDown(MasterDownInterval, "master down timer expired");
        }
    }

    private void BecomeMaster(string reason, StateChangeCause cause, Advertisement? advert)
    {
        // keepalived sends the advert first so the old Master drops the VIPs before our gratuitous ARPs.
        SendAdvert(EffectivePriority);
        ChangeState(RouterState.Master, reason, cause, advert);
        Emit(new RouterAction.TakeVips());
        Counters.EnteredMaster();
        _adverTimer = NextAdvertFrom(Now);
        _masterDownTimer = null;
        _preemptAt = null;
        MasterAddress = Options.PrimaryAddress;
    }

    /// <summary>
    /// The Adver_Timer after an advert sent at <paramref name="now"/> out of rhythm: one interval on, or with
    /// <see cref="RouterOptions.AlignAdverts"/> the last quarter-interval grid point within one interval, shared with
    /// every aligned router of this interval (the grid counts from monotonic zero).
    /// </summary>
    private TimeSpan NextAdvertFrom(TimeSpan now)
    {
        var due = now + AdvertisementInterval;
        if (!Options.AlignAdverts)
        {
            return due;
        }

        var step = Math.Max(1, AdvertisementInterval.Ticks / 4);
        return TimeSpan.FromTicks(due.Ticks - (((due.Ticks % step) + step) % step));
    }

    private void ArmMasterDown(TimeSpan after, string reason)
    {
        _masterDownTimer = Now + after;
        _masterDownReason = reason;
    }

    private void SendAdvert(int priority)
    {
        Counters.Sent((byte)priority);
        // Actions are immutable: the same advert as last time is the same object (no allocation per advert).
        if (_lastAdvert is not { } last || last.Priority != priority || last.IntervalCentiseconds != Options.AdvertIntervalCentiseconds
            || !ReferenceEquals(last.Addresses, Options.VirtualAddresses))
        {
            _lastAdvert = new RouterAction.SendAdvert((byte)priority, Options.AdvertIntervalCentiseconds, Options.VirtualAddresses);
        }

        Emit(_lastAdvert);
    }

    private void ChangeState(RouterState to, string reason, StateChangeCause cause, Advertisement? advert = null)
    {
        var from = State;
        State = to;
        _heldForGroup = false;
        Emit(new RouterAction.StateChanged(from, to, reason) { Cause = cause, Advert = advert, LocalPriority = EffectivePriority });
    }

    private void Emit(RouterAction action) => _actions.Add(action);
}
