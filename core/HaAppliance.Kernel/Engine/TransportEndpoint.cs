using System.Net;
using HaAppliance.Vrrp;

namespace HaAppliance.Kernel;

/// <summary>Where one instance sends its adverts: a multicast group, or a list of unicast peers.</summary>
public sealed record TransportEndpoint(
    string Interface,
    int IfIndex,
    IpFamily Family,
    IPAddress Source,
    IReadOnlyList<IPAddress> Destinations,
    bool Unicast)
{
    public bool Equals(TransportEndpoint? other) =>
        other is not null && Interface == other.Interface && IfIndex == other.IfIndex && Family == other.Family
        && Source.Equals(other.Source) && Unicast == other.Unicast && Destinations.SequenceEqual(other.Destinations);

    public override int GetHashCode() => HashCode.Combine(Interface, IfIndex, Family, Source, Unicast, Destinations.Count);
}
