using HaAppliance.Abstractions;

namespace HaAppliance.Kernel.Runtime;

/// <summary>Announces VIPs after they were added: gratuitous ARP (IPv4) or unsolicited NA (IPv6).</summary>
public interface IVipAnnouncer
{
    /// <summary>Starts the announcement schedule (first burst now, then garp_master_delay / refresh).</summary>
    void Start(string instance, IReadOnlyList<VipAddress> vips);

    /// <summary>Stops refresh announcements for an instance that left Master.</summary>
    void Stop(string instance);
}

/// <summary>Announces nothing (tests without a link layer).</summary>
public sealed class NullVipAnnouncer : IVipAnnouncer
{
    public static readonly NullVipAnnouncer Instance = new();

    public void Start(string instance, IReadOnlyList<VipAddress> vips)
    {
    }

    public void Stop(string instance)
    {
    }
}
