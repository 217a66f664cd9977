namespace HaAppliance.Vrrp;

/// <summary>The IP family a virtual router runs over. A router is keyed by (interface, family, VRID).</summary>
public enum IpFamily : byte
{
    IPv4 = 4,
    IPv6 = 6,
}
