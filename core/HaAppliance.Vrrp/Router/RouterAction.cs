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

    /// <summary>
    /// An accepted advert from <paramref name="Source"/> carries other addresses than ours (config drift between nodes).
    /// Emitted once per change of the difference; every such advert is counted in <see cref="RouterCounters.AddressListMismatches"/>.
    /// </summary>
    public sealed record AddressListDiffers(IPAddress Source, IReadOnlyList<IPAddress> Theirs, IReadOnlyList<IPAddress> Ours) : RouterAction;

    /// <summary>
    /// As Master we answered a lower priority advert (or an equal one from a lower address): the host repeats the
    /// gratuitous ARPs / NAs (keepalived's garp_lower_prio_repeat), so hosts learn the MAC again after a partition.
    /// </summary>
    public sealed record LowerPriorityHeard(IPAddress Source) : RouterAction;

    /// <summary>Something the operator should read in the log; nothing to perform.</summary>
    public sealed record Notice(string Text) : RouterAction;

    /// <summary>The effective priority changed (trackers or reconfiguration).</summary>
    public sealed record PriorityChanged(int From, int To, string Reason) : RouterAction;
}
