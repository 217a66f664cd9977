namespace HaAppliance.Vrrp.Router;

/// <summary>Why a router changed state, in a form a host can switch on (the human text is in <see cref="RouterAction.StateChanged.Reason"/>).</summary>
public enum StateChangeCause
{
    /// <summary>The Startup event (RFC 9568 §6.4.1).</summary>
    Startup,

    /// <summary>The Master_Down_Timer fired in Backup (RFC 9568 §6.4.2).</summary>
    MasterDownTimerExpired,

    /// <summary>A Master heard a higher priority advert, or an equal one from a higher address (RFC 9568 §6.4.3).</summary>
    HigherPriorityAdvert,

    /// <summary>A Backup with <see cref="RouterOptions.FastPreempt"/> heard a lower priority advert and took over at once.</summary>
    FastPreemption,

    /// <summary>A tracker of weight 0 failed.</summary>
    FaultTrackerFailed,

    /// <summary>All trackers of weight 0 are healthy again.</summary>
    FaultTrackersRecovered,

    /// <summary>The Shutdown event (RFC 9568 §6.4.3: send priority 0).</summary>
    Shutdown,

    /// <summary>Another member of the sync group moved (<see cref="RouterEvent.SyncMaster"/>, <see cref="RouterEvent.SyncBackup"/>).</summary>
    SyncGroup,
}
