namespace HaAppliance.Capture;

/// <summary>The libpcap LINKTYPE_ values the capture reader understands (tcpdump.org/linktypes.html).</summary>
public enum PcapLinkType : ushort
{
    /// <summary>BSD loopback: a 4-byte address family in the writer's byte order.</summary>
    Null = 0,

    /// <summary>Ethernet II, with optional 802.1Q / 802.1ad tags.</summary>
    Ethernet = 1,

    /// <summary>Raw IP, version taken from the first nibble.</summary>
    Raw = 101,

    /// <summary>Frame Relay (Q.922 address, then NLPID or a Cisco-style ethertype).</summary>
    FrameRelay = 107,

    /// <summary>Linux "cooked" capture v1 (16-byte header, protocol at offset 14).</summary>
    LinuxSll = 113,

    /// <summary>Raw IPv4.</summary>
    IPv4 = 228,

    /// <summary>Raw IPv6.</summary>
    IPv6 = 229,

    /// <summary>Linux "cooked" capture v2 (20-byte header, protocol at offset 0).</summary>
    LinuxSll2 = 276,
}
