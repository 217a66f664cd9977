namespace HaAppliance.Vrrp.Router;

/// <summary>Membership of a <see cref="Router.SyncGroup"/>: the group may hold a Backup back, or move it with the others.</summary>
public sealed partial class VirtualRouter
{
    // keepalived's wantstate MASTER while in Backup: the Master_Down_Timer fired but the group held us back.
    private bool _heldForGroup;

    /// <summary>The sync group this router belongs to, if any (set by <see cref="Router.SyncGroup.Add"/>).</summary>
    public SyncGroup? SyncGroup { get; internal set; }

    /// <summary>
    /// True when this router is Master, or is a Backup whose Master_Down_Timer fired while its sync group held it
    /// back (keepalived's wantstate MASTER). Hearing a Master it accepts ends the wish.
    /// </summary>
    public bool WantsMaster => State == RouterState.Master || (State == RouterState.Backup && _heldForGroup);

    /// <summary>Becomes Master unless the sync group says not every member wants it; then stays Backup and re-arms.</summary>
    private void BecomeMasterIfGroupAgrees(string reason, StateChangeCause cause, Advertisement? advert)
    {
        var alreadyHeld = _heldForGroup;
        _heldForGroup = true;
        if (SyncGroup is { } group && !group.MayBecomeMaster(this, say: !alreadyHeld))
        {
            // Prefer Backup to thrashing: wait another Master_Down_Interval for the other members to want it too.
            ArmMasterDown(MasterDownInterval, reason);
            return;
        }

        BecomeMaster(reason, cause, advert);
    }

    /// <summary>Another member became Master: follow it at once (from Backup only).</summary>
    private void OnSyncMaster(string reason)
    {
        if (State == RouterState.Backup)
        {
            BecomeMaster(reason, StateChangeCause.SyncGroup, null);
        }
    }

    /// <summary>Another member left Master for Backup: leave too, with priority 0 so the peer's member takes over after Skew_Time.</summary>
    private void OnSyncBackup(string reason)
    {
        if (State != RouterState.Master)
        {
            return;
        }

        SendAdvert(VrrpTimers.StopPriority);
        ChangeState(RouterState.Backup, reason, StateChangeCause.SyncGroup);
        Emit(new RouterAction.ReleaseVips());
        Counters.LeftMaster();
        _adverTimer = null;
        _preemptAt = null;
        MasterAddress = null;
        ArmMasterDown(MasterDownInterval, "master down timer expired");
    }
}
