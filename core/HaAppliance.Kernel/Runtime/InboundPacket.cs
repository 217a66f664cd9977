using System.Net;
using HaAppliance.Vrrp;

namespace HaAppliance.Kernel.Runtime;

/// <summary>A VRRP payload as the transport received it, with what the IP layer told us about it.</summary>
/// <param name="IfIndex">Receiving interface (from IP_PKTINFO / IPV6_PKTINFO).</param>
/// <param name="Family">IP family of the socket it arrived on.</param>
/// <param name="Source">IP source address.</param>
/// <param name="Destination">IP destination address (group or our unicast address).</param>
/// <param name="Ttl">IPv4 TTL or IPv6 hop limit; RFC 9568 §7.1 requires 255.</param>
/// <param name="Payload">The VRRP message, IP header stripped.</param>
public readonly record struct InboundPacket(
    int IfIndex,
    IpFamily Family,
    IPAddress Source,
    IPAddress Destination,
    int Ttl,
    ReadOnlyMemory<byte> Payload);
