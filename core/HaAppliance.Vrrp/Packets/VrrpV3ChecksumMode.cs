namespace HaAppliance.Vrrp.Packets;

/// <summary>How the VRRPv3-over-IPv4 checksum is computed on send.</summary>
public enum VrrpV3ChecksumMode : byte
{
    /// <summary>RFC 5798 §5.2.8: with the IPv4 pseudo-header, as keepalived, FRR and Wireshark do. The default.</summary>
    PseudoHeader = 0,

    /// <summary>Over the VRRP message only, as RFC 9568 §5.2.8 reads and some vendors send (keepalived's <c>v3_checksum_as_v2</c>).</summary>
    MessageOnly = 1,
}
