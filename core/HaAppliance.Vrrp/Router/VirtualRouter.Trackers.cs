namespace HaAppliance.Vrrp.Router;

/// <summary>Effective priority from tracker weights, and keepalived's Fault state.</summary>
public sealed partial class VirtualRouter
{
    private readonly Dictionary<TrackerId, (bool Healthy, int Weight)> _trackers = [];

    /// <summary>True while a tracker of weight 0 is failing.</summary>
    public bool IsFaulted => FailingFaultTracker() is not null;

    private TrackerId? FailingFaultTracker()
    {
        foreach (var (name, (healthy, weight)) in _trackers)
        {
            if (!healthy && weight == 0)
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>
    /// keepalived's rule: base + positive weights of healthy trackers + negative weights of failing ones, clamped to
    /// 1–254. The address owner's 255 never moves (keepalived refuses weighted trackers on it).
    /// </summary>
    private int ComputeEffectivePriority()
    {
        if (Options.IsAddressOwner)
        {
            return VrrpTimers.OwnerPriority;
        }

        var total = (int)Options.Priority;
        foreach (var (healthy, weight) in _trackers.Values)
        {
            if (healthy && weight > 0)
            {
                total += weight;
            }
            else if (!healthy && weight < 0)
            {
                total += weight;
            }
        }

        return Math.Clamp(total, 1, VrrpTimers.OwnerPriority - 1);
    }

    private void OnTracker(RouterEvent.TrackerChanged change)
    {
        var wasFaulted = IsFaulted;
        _trackers[change.Tracker] = (change.Healthy, change.Weight);
        var weight = change.Weight == 0 ? "fault" : change.Weight.ToString("+0;-0", System.Globalization.CultureInfo.InvariantCulture);
        var what = $"tracker {change.Tracker} {(change.Healthy ? "recovered" : "failed")} (weight {weight})";
        UpdateEffectivePriority(what);

        var faulted = IsFaulted;
        if (!wasFaulted && faulted && State is RouterState.Master or RouterState.Backup)
        {
            EnterFault($"tracker {change.Tracker} failed");
        }
        else if (wasFaulted && !faulted && State == RouterState.Fault)
        {
            if (Options.IsAddressOwner)
            {
                BecomeMaster("all fault trackers recovered (address owner)", StateChangeCause.FaultTrackersRecovered, null);
            }
            else
            {
                EnterBackupFromIdle("all fault trackers recovered", StateChangeCause.FaultTrackersRecovered);
            }
        }
    }

    /// <summary>Recomputes the effective priority; on a change tells the host, and re-times the protocol.</summary>
    private void UpdateEffectivePriority(string reason)
    {
        var old = EffectivePriority;
        var oldDown = MasterDownInterval;
        EffectivePriority = ComputeEffectivePriority();
        if (EffectivePriority == old)
        {
            return;
        }

        Emit(new RouterAction.PriorityChanged(old, EffectivePriority, reason));
        if (State == RouterState.Master)
        {
            // Tell the Backups now rather than at the next interval: a lower priority may let one preempt.
            SendAdvert(EffectivePriority);
            _adverTimer = NextAdvertFrom(Now);
        }
        else if (State == RouterState.Backup && _masterDownTimer is { } down)
        {
            // As keepalived does: move the running timer by the change in Master_Down_Interval (the skew moved).
            _masterDownTimer = down + (MasterDownInterval - oldDown);
        }
    }

    private void EnterFault(string reason)
    {
        if (State == RouterState.Master)
        {
            // keepalived: a Master entering Fault sends priority 0 so a Backup takes over after Skew_Time.
            SendAdvert(VrrpTimers.StopPriority);
            ChangeState(RouterState.Fault, reason, StateChangeCause.FaultTrackerFailed);
            Emit(new RouterAction.ReleaseVips());
            Counters.LeftMaster();
        }
        else
        {
            ChangeState(RouterState.Fault, reason, StateChangeCause.FaultTrackerFailed);
        }

        _adverTimer = null;
        _masterDownTimer = null;
        _preemptAt = null;
        MasterAddress = null;
    }
}
