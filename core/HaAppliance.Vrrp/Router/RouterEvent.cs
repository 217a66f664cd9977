namespace HaAppliance.Vrrp.Router;

/// <summary>Inputs to a router. A router consumes one event and returns the actions to perform.</summary>
public abstract record RouterEvent
{
    private RouterEvent()
    {
    }

    /// <summary>RFC 9568 §6.4.1: leave Initialize.</summary>
    public sealed record Startup : RouterEvent;

    /// <summary>A decoded, packet-level-validated advertisement for this router's (interface, family, VRID).</summary>
    public sealed record AdvertReceived(Advertisement Advert) : RouterEvent;

    /// <summary>The host's timer for <see cref="VirtualRouter.NextDeadline"/> went off.</summary>
    public sealed record TimerFired : RouterEvent;

    /// <summary>A tracker (check, interface, file) changed. Weight 0 with Healthy=false means Fault.</summary>
    public sealed record TrackerChanged(TrackerId Tracker, bool Healthy, int Weight) : RouterEvent
    {
        /// <summary>
        /// A tracker that is <paramref name="up"/> or not, with keepalived's <c>weight W reverse</c> semantics: reverse
        /// negates the weight's effect, so +W reverse lowers the priority by W while up and -W reverse raises it by |W|
        /// while down; of weight 0, reverse means Fault while up. Equivalent to (up XOR reverse, -W).
        /// </summary>
        public static TrackerChanged For(TrackerId tracker, bool up, int weight, bool reverse) =>
            new(tracker, up ^ reverse, reverse ? -weight : weight);
    }

    /// <summary>Leave the protocol: a Master sends priority 0 and releases its addresses.</summary>
    public sealed record Shutdown : RouterEvent;

    /// <summary>Apply new options in place, keeping the state (see <see cref="VirtualRouter.Reconfigure"/>).</summary>
    public sealed record Reconfigure(RouterOptions Options) : RouterEvent;

    /// <summary>Another member of the router's sync group became Master: a Backup follows it at once.</summary>
    public sealed record SyncMaster(string Reason) : RouterEvent;

    /// <summary>Another member of the router's sync group left Master for Backup: a Master leaves too.</summary>
    public sealed record SyncBackup(string Reason) : RouterEvent;
}
