using System.Net;

namespace HaAppliance.Kernel;

/// <summary>
/// Announces VIPs after they were added: gratuitous ARP (IPv4) or unsolicited NA (IPv6), with keepalived's
/// garp_master_delay / repeat / refresh schedule. Implemented by <see cref="Announce.GarpScheduler"/>.
/// </summary>
public interface IVipAnnouncer
{
    void BecameMaster(string instance, string device, IReadOnlyList<IPAddress> addresses, GarpSchedule schedule);

    void LowerPriorityAdvertReceived(string instance);

    void LeftMaster(string instance);
}

/// <summary>Announces nothing (tests without a link layer).</summary>
public sealed class NullVipAnnouncer : IVipAnnouncer
{
    public static readonly NullVipAnnouncer Instance = new();

    public void BecameMaster(string instance, string device, IReadOnlyList<IPAddress> addresses, GarpSchedule schedule)
    {
    }

    public void LowerPriorityAdvertReceived(string instance)
    {
    }

    public void LeftMaster(string instance)
    {
    }
}
