using System.Net;

namespace HaAppliance.Vrrp.Router;

/// <summary>Outputs of a router: the host performs them in order.</summary>
public abstract record RouterAction
{
    private RouterAction()
    {
    }

    /// <summary>Send one advertisement with these fields (priority 0: we are leaving).</summary>
    public sealed record SendAdvert(byte Priority, int IntervalCentiseconds, IReadOnlyList<IPAddress> Addresses) : RouterAction;

    /// <summary>Add the VIPs and announce them (gratuitous ARP / unsolicited NA).</summary>
    public sealed record TakeVips : RouterAction;

    /// <summary>Remove the VIPs.</summary>
    public sealed record ReleaseVips : RouterAction;

    /// <summary>A Master's VIP list changed by reconfiguration: add and announce <paramref name="Added"/>, remove <paramref name="Removed"/>.</summary>
    public sealed record VipsChanged(IReadOnlyList<IPAddress> Added, IReadOnlyList<IPAddress> Removed) : RouterAction;

    /// <summary>The state changed. <paramref name="Reason"/> is a human sentence for the log.</summary>
    public sealed record StateChanged(RouterState From, RouterState To, string Reason) : RouterAction
    {
        /// <summary>The machine-readable reason.</summary>
        public StateChangeCause Cause { get; init; }

        /// <summary>The advert that caused the change, when one did.</summary>
        public Advertisement? Advert { get; init; }

        /// <summary>Our effective priority when the change happened.</summary>
        public int LocalPriority { get; init; }
    }

    /// <summary>The effective priority changed (trackers or reconfiguration).</summary>
    public sealed record PriorityChanged(int From, int To, string Reason) : RouterAction;
}
