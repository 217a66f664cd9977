using HaAppliance.Vrrp.Router;

namespace HaAppliance.Sites;

/// <summary>What a tracker watches.</summary>
public enum SiteTrackerKind
{
    Check,
    File,
    Interface,
}

/// <summary>
/// One tracker of one instance, as the kernel feeds it to the router: the tracker id (<c>check:NAME</c>,
/// <c>interface:NAME</c>), its weight (0: failing means Fault) and the instance's <c>reverse</c>.
/// </summary>
public sealed record SiteTracker(SiteTrackerKind Kind, string Name, int Weight, bool Reverse)
{
    /// <summary>The id the kernel uses for the router's tracker.</summary>
    public TrackerId Tracker => Kind == SiteTrackerKind.Interface ? TrackerId.Interface(Name) : TrackerId.Check(Name);

    /// <summary>The tracker's text form (<c>check:chk_nginx</c>), a stable key.</summary>
    public string Id => Tracker.ToString();

    /// <summary>The router's event when the tracked thing is up (true) or failed (false), with keepalived's reverse.</summary>
    public RouterEvent.TrackerChanged When(bool up) => RouterEvent.TrackerChanged.For(Tracker, up, Weight, Reverse);
}
