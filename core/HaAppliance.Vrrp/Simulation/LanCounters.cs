namespace HaAppliance.Vrrp.Simulation;

/// <summary>What the simulated LAN did with the adverts it was given.</summary>
public sealed class LanCounters
{
    /// <summary>Adverts the routers sent.</summary>
    public long Sent { get; internal set; }

    /// <summary>Copies delivered to a receiver.</summary>
    public long Delivered { get; internal set; }

    /// <summary>Copies dropped by link loss.</summary>
    public long Lost { get; internal set; }

    /// <summary>Copies not carried because of a partition or another segment.</summary>
    public long Blocked { get; internal set; }
}
