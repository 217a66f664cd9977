using System.Net;
using HaAppliance.Vrrp;

namespace HaAppliance.Linux.Transport;

/// <summary>The IANA-assigned VRRP groups (RFC 9568 §5.1.1.2 and §5.1.2.2).</summary>
public static class VrrpMulticastGroups
{
    public static IPAddress IPv4 { get; } = IPAddress.Parse("224.0.0.18");

    public static IPAddress IPv6 { get; } = IPAddress.Parse("ff02::12");

    public static IPAddress For(IpFamily family) => family == IpFamily.IPv4 ? IPv4 : IPv6;
}
