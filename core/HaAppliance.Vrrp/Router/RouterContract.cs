// CONTRACT DRAFT — the shapes the kernel codes against. The router helper implements VirtualRouter
// and may split these types into one file each; it may add members but should keep these.
using System.Net;

namespace HaAppliance.Vrrp.Router;

/// <summary>RFC 9568 §6 states plus keepalived's Fault.</summary>
public enum RouterState
{
    Initialize,
    Backup,
    Master,
    Fault,
}

/// <summary>Everything a virtual router needs to know about itself. Immutable; reconfiguration passes a new one.</summary>
public sealed record RouterOptions
{
    public required string Name { get; init; }
    public required byte Vrid { get; init; }
    public VrrpVersion Version { get; init; } = VrrpVersion.V3;
    /// <summary>Base priority 1–255 (255: address owner).</summary>
    public required byte Priority { get; init; }
    /// <summary>Advertisement interval in centiseconds (v2 values are multiples of 100).</summary>
    public int AdvertIntervalCentiseconds { get; init; } = 100;
    public bool Preempt { get; init; } = true;
    public TimeSpan PreemptDelay { get; init; } = TimeSpan.Zero;
    /// <summary>Deviation from RFC §6.4.2: a Backup hearing a lower priority advert takes over at once.</summary>
    public bool FastPreempt { get; init; }
    public bool AcceptMode { get; init; }
    /// <summary>Our own primary address on the interface: the advert source, and the tie-breaker.</summary>
    public required IPAddress PrimaryAddress { get; init; }
    public IReadOnlyList<IPAddress> VirtualAddresses { get; init; } = [];
    /// <summary>Start-up hint: keepalived's "state MASTER". Priority still decides.</summary>
    public bool StartAsMaster { get; init; }
}

/// <summary>Inputs to a router. A router consumes one event and returns the actions to perform.</summary>
public abstract record RouterEvent
{
    public sealed record Startup : RouterEvent;
    public sealed record AdvertReceived(Advertisement Advert) : RouterEvent;
    /// <summary>The host's timer for <see cref="VirtualRouter.NextDeadline"/> went off.</summary>
    public sealed record TimerFired : RouterEvent;
    /// <summary>A tracker (check, interface, file) changed. Weight 0 with Healthy=false means Fault.</summary>
    public sealed record TrackerChanged(string Tracker, bool Healthy, int Weight) : RouterEvent;
    public sealed record Shutdown : RouterEvent;
    public sealed record Reconfigure(RouterOptions Options) : RouterEvent;
}

/// <summary>Outputs of a router: the host performs them in order.</summary>
public abstract record RouterAction
{
    public sealed record SendAdvert(byte Priority, int IntervalCentiseconds, IReadOnlyList<IPAddress> Addresses) : RouterAction;
    /// <summary>Add the VIPs and announce them (gratuitous ARP / unsolicited NA).</summary>
    public sealed record TakeVips : RouterAction;
    public sealed record ReleaseVips : RouterAction;
    public sealed record StateChanged(RouterState From, RouterState To, string Reason) : RouterAction;
    public sealed record PriorityChanged(int From, int To, string Reason) : RouterAction;
}
