using System.Net;
using System.Net.Sockets;

namespace HaAppliance.Vrrp.Router;

/// <summary>Everything a virtual router needs to know about itself. Immutable; reconfiguration passes a new one.</summary>
public sealed record RouterOptions
{
    /// <summary>The instance name operators see, e.g. <c>VI_1</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Virtual router id, 1–255.</summary>
    public required byte Vrid { get; init; }

    /// <summary>Protocol version; v2 is IPv4 only with whole-second intervals.</summary>
    public VrrpVersion Version { get; init; } = VrrpVersion.V3;

    /// <summary>Base priority 1–255 (255: address owner).</summary>
    public required byte Priority { get; init; }

    /// <summary>Advertisement interval in centiseconds (v2 values are multiples of 100).</summary>
    public int AdvertIntervalCentiseconds { get; init; } = 100;

    /// <summary>RFC 9568 Preempt_Mode; keepalived's <c>nopreempt</c> sets it false.</summary>
    public bool Preempt { get; init; } = true;

    /// <summary>keepalived's <c>preempt_delay</c>: after the first lower priority advert, keep accepting them this long before preempting.</summary>
    public TimeSpan PreemptDelay { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Deviation from RFC 9568 §6.4.2 (off by default): a Backup with preemption that hears an advert of lower
    /// priority than its own becomes Master at once instead of discarding it and waiting for the Master_Down_Timer.
    /// Failover after a master's priority drops then takes one advert instead of Master_Down_Interval.
    /// </summary>
    public bool FastPreempt { get; init; }

    /// <summary>RFC 9568 Accept_Mode: a non-owner Master accepts packets addressed to the VIPs. Carried for the host.</summary>
    public bool AcceptMode { get; init; }

    /// <summary>Our own primary address on the interface: the advert source, and the tie-breaker.</summary>
    public required IPAddress PrimaryAddress { get; init; }

    /// <summary>The virtual addresses this router protects.</summary>
    public IReadOnlyList<IPAddress> VirtualAddresses { get; init; } = [];

    /// <summary>
    /// Start-up hint: keepalived's "state MASTER". Priority still decides. Like keepalived's <c>vrrp_init_state</c>,
    /// a non-owner starts in Backup but waits only one Master_Adver_Interval plus the minimum skew (1/256 of it)
    /// instead of the full Master_Down_Interval before taking over.
    /// </summary>
    public bool StartAsMaster { get; init; }

    /// <summary>
    /// Puts this Master's adverts on the grid of quarter intervals that every aligned router of the same interval
    /// shares (off by default, the RFC's exact rule; the daemon turns it on). After an advert sent out of rhythm (becoming Master, a priority change, an answer to
    /// priority 0) the next one falls on the last grid point within one interval, so the gap is never longer than the
    /// interval and never shorter than three quarters of it; the rhythm then goes on from that point. A host with
    /// hundreds of Masters wakes at most four times per interval instead of once per router.
    /// </summary>
    public bool AlignAdverts { get; init; }

    /// <summary>The family of <see cref="PrimaryAddress"/>.</summary>
    public IpFamily Family => PrimaryAddress.AddressFamily == AddressFamily.InterNetworkV6 ? IpFamily.IPv6 : IpFamily.IPv4;

    /// <summary>True when <see cref="Priority"/> is 255: RFC 9568 §6.4.1 makes the owner Master at once.</summary>
    public bool IsAddressOwner => Priority == VrrpTimers.OwnerPriority;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad value.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("Name must not be empty.", nameof(Name));
        }

        if (Vrid == 0)
        {
            throw new ArgumentException($"({Name}) virtual router id 0 is invalid: use 1-255.", nameof(Vrid));
        }

        if (Priority == 0)
        {
            throw new ArgumentException($"({Name}) priority 0 is reserved for a leaving master: use 1-255.", nameof(Priority));
        }

        if (Version == VrrpVersion.V2)
        {
            if (Family != IpFamily.IPv4)
            {
                throw new ArgumentException($"({Name}) VRRP version 2 is IPv4 only, but the primary address is {PrimaryAddress}.", nameof(PrimaryAddress));
            }

            if (AdvertIntervalCentiseconds is < 100 or > 25500 || AdvertIntervalCentiseconds % 100 != 0)
            {
                throw new ArgumentException($"({Name}) VRRP version 2 advert interval must be whole seconds 1-255, got {AdvertIntervalCentiseconds / 100.0} s.", nameof(AdvertIntervalCentiseconds));
            }
        }
        else if (AdvertIntervalCentiseconds is < 1 or > 4095)
        {
            throw new ArgumentException($"({Name}) VRRP version 3 advert interval must be 1-4095 centiseconds, got {AdvertIntervalCentiseconds}.", nameof(AdvertIntervalCentiseconds));
        }

        if (PreemptDelay < TimeSpan.Zero)
        {
            throw new ArgumentException($"({Name}) preempt delay must not be negative, got {PreemptDelay}.", nameof(PreemptDelay));
        }

        foreach (var vip in VirtualAddresses)
        {
            if (vip.AddressFamily != PrimaryAddress.AddressFamily)
            {
                throw new ArgumentException($"({Name}) virtual address {vip} is not of the primary address's family ({PrimaryAddress}).", nameof(VirtualAddresses));
            }
        }
    }

    /// <summary>Equality of the settings, comparing the address list by content (record equality compares the list reference).</summary>
    public bool SameSettingsAs(RouterOptions other) =>
        this with { VirtualAddresses = [] } == other with { VirtualAddresses = [] } &&
        VirtualAddresses.SequenceEqual(other.VirtualAddresses);
}
