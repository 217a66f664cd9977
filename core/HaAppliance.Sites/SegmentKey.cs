using HaAppliance.Vrrp;

namespace HaAppliance.Sites;

/// <summary>
/// What makes two instances one virtual router on the wire: the interface segment, the address family and the
/// VRID (RFC 9568 §7.3: a router is keyed by interface, family and VRID). Segments are named by interface name.
/// </summary>
public sealed record SegmentKey(string Interface, IpFamily Family, int Vrid)
{
    public override string ToString() => $"{Interface} {Family} vrid {Vrid}";
}
