using System.Net;
using HaAppliance.Vrrp;

namespace HaAppliance.Kernel;

/// <summary>
/// One VRRP packet as the raw socket delivered it: the VRRP payload without the IP header. The transport has
/// already dropped our own adverts (see the live transport's remarks); the loop sees only peers' packets.
/// </summary>
/// <param name="IfIndex">Interface the packet arrived on (IP_PKTINFO / IPV6_PKTINFO); routers are keyed by (ifindex, family, VRID).</param>
/// <param name="Family">IP family of the socket that received it.</param>
/// <param name="Source">IP source address (the sender's primary address, RFC 9568 §5.1.1.1).</param>
/// <param name="Destination">IP destination: the multicast group or our unicast address.</param>
/// <param name="Ttl">IPv4 TTL or IPv6 hop limit; RFC 9568 §7.1 says discard unless 255.</param>
/// <param name="Vrrp">The VRRP header and addresses.</param>
public sealed record ReceivedPacket(
    int IfIndex,
    IpFamily Family,
    IPAddress Source,
    IPAddress Destination,
    int Ttl,
    ReadOnlyMemory<byte> Vrrp);
