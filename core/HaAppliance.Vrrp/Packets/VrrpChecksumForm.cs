namespace HaAppliance.Vrrp.Packets;

/// <summary>Which checksum computation a received packet verified with.</summary>
public enum VrrpChecksumForm : byte
{
    /// <summary>Not verified (the packet was rejected before the checksum check) or wrong.</summary>
    Unverified = 0,

    /// <summary>Over the VRRP message only (always for v2; the RFC 9568 reading for v3 over IPv4).</summary>
    MessageOnly = 1,

    /// <summary>With the IPv4 or IPv6 pseudo-header (v3).</summary>
    PseudoHeader = 2,
}
