namespace HaAppliance.Kernel;

/// <summary>
/// When to send gratuitous ARPs / unsolicited NAs for an instance's VIPs (keepalived's garp_* settings):
/// a burst on becoming master, a second burst after <see cref="MasterDelay"/>, optional refreshes, and bursts
/// after a lower-priority advert is heard while master.
/// </summary>
public sealed record GarpSchedule
{
    /// <summary>Delay before the second burst after becoming master (garp_master_delay; zero: no second burst).</summary>
    public TimeSpan MasterDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Number of packets in each burst (garp_master_repeat).</summary>
    public int MasterRepeat { get; init; } = 5;

    /// <summary>Interval of periodic refreshes while master (garp_master_refresh; zero: off).</summary>
    public TimeSpan MasterRefresh { get; init; } = TimeSpan.Zero;

    /// <summary>Packets at each refresh (garp_master_refresh_repeat).</summary>
    public int MasterRefreshRepeat { get; init; } = 1;

    /// <summary>Delay between consecutive gratuitous ARPs on one interface (vrrp_garp_interval).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.Zero;

    /// <summary>Delay between consecutive unsolicited NAs on one interface (vrrp_gna_interval).</summary>
    public TimeSpan NaInterval { get; init; } = TimeSpan.Zero;

    /// <summary>Packets in each burst after a lower-priority advert is heard as master (garp_lower_prio_repeat); null: <see cref="MasterRepeat"/>.</summary>
    public int? LowerPrioRepeat { get; init; }

    /// <summary>Delay before the second lower-priority burst (garp_lower_prio_delay); null: <see cref="MasterDelay"/>.</summary>
    public TimeSpan? LowerPrioDelay { get; init; }
}
