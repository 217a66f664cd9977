using System.Net;

namespace HaAppliance.Linux.Announce;

/// <summary>Puts one announcement frame on the wire. <see cref="GarpScheduler"/> decides what to send when.</summary>
public interface IAnnouncementSender
{
    /// <summary>One gratuitous ARP for an IPv4 address on <paramref name="device"/>.</summary>
    void SendGratuitousArp(string device, IPAddress address);

    /// <summary>One unsolicited neighbour advertisement for an IPv6 address on <paramref name="device"/>.</summary>
    void SendUnsolicitedNeighbourAdvert(string device, IPAddress address);
}
